/* libFuzzer target: JSON Lines records (tw_jsonl_convert, untrusted input).
 * Any bytes either convert or fail with TW_EFORMAT at an offset inside the
 * record, and the converter goes on after a failure. What converts is valid
 * JSON that jansson reads as the input's object with only the named fields
 * changed, each to its tw_convert() value (when the record decides its
 * register as the plain profile: a field with Taiwan marker words may
 * convert with the Taiwan variant). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tongwen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tw_profile *profile;
static tw_jsonl *conv;
static const char *const fields[] = {"text", "title"};

/* Whether the converted record b is the record a with the named fields
 * converted, every other member equal. */
static int same_but_fields(json_t *a, json_t *b)
{
	if (json_object_size(a) != json_object_size(b))
		return 0;
	const char *key;
	json_t *v;
	json_object_foreach(a, key, v) {
		json_t *w = json_object_get(b, key);
		if (!w)
			return 0;
		int named = !strcmp(key, fields[0]) || !strcmp(key, fields[1]);
		if (!named || !json_is_string(v)) {
			if (!json_equal(v, w))
				return 0;
			continue;
		}
		if (!json_is_string(w))
			return 0;
		const tw_profile *p;
		char *want;
		size_t n;
		if (tw_profile_for_document(&p, profile, json_string_value(v), json_string_length(v),
		                            NULL) ||
		    tw_convert(&want, &n, profile, json_string_value(v), json_string_length(v), NULL))
			return 0;
		/* the record's register is read from both fields: compare only
		 * when it is the plain profile's */
		int ok = p != profile || (json_string_length(w) == n &&
		                          !memcmp(json_string_value(w), want, n));
		tw_free(want);
		if (!ok)
			return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!profile && tw_profile_open(&profile, "hk2cn", NULL, NULL))
		abort();
	if (!conv && tw_jsonl_new(&conv, profile, fields, 2, NULL))
		abort();
	const char *line = (const char *)data, *out;
	size_t n;
	tw_error err = {0};
	int rc = tw_jsonl_convert(conv, line, size, &out, &n, &err);
	if (rc) {
		if (rc != TW_EFORMAT || out || err.offset > size)
			abort();
		return 0;
	}
	json_t *a = json_loadb(line, size, 0, NULL), *b = json_loadb(out, n, 0, NULL);
	if (!a || !b || strlen(out) != n || !same_but_fields(a, b))
		abort();
	json_decref(a);
	json_decref(b);
	return 0;
}
