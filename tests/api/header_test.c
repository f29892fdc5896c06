/* Compiled with -Wall -Wextra -pedantic -Werror as C11 and as C++11: the
 * public header must stand on its own in both. */
#include "tongwen.h"

int header_test_uses(void);
int header_test_uses(void)
{
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	tw_check_options co = TW_CHECK_OPTIONS_INIT;
	return (int)po.version + (int)co.version;
}
