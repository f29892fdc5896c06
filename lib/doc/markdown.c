#include "doc_internal.h"
int markdown_scan(tw_document *d)
{
	text_scan(d);
	return 0;
}
