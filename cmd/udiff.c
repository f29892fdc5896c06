/* Unified diffs for check --fix --diff. Fixes replace spans inside lines,
 * so old and new text usually have the same lines one for one: then each
 * changed line is a change with three lines of context, hunks merged when
 * their context meets. Otherwise (a fix that adds or removes a line break)
 * the span between the common head and tail is one hunk. Either way the
 * output applies with `patch -p1` (paths as a/PATH and b/PATH). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define CONTEXT 3

typedef struct lines {
	const char **p; /* start of each line */
	size_t *len;    /* its length with its '\n', if any */
	size_t n;
} lines;

static int split(lines *l, const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += s[i] == '\n';
	count += n && s[n - 1] != '\n';
	l->p = malloc((count + 1) * sizeof *l->p);
	l->len = malloc((count + 1) * sizeof *l->len);
	l->n = 0;
	if (!l->p || !l->len)
		return -1;
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : n;
		l->p[l->n] = s + i;
		l->len[l->n++] = end - i;
		i = end;
	}
	return 0;
}

static int same(const lines *a, size_t i, const lines *b, size_t k)
{
	return a->len[i] == b->len[k] && !memcmp(a->p[i], b->p[k], a->len[i]);
}

static void put_line(FILE *out, char mark, const char *p, size_t len)
{
	fputc(mark, out);
	fwrite(p, 1, len, out);
	if (!len || p[len - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", out);
}

/* One hunk over lines [a0, a1) of both texts (one for one); unchanged
 * lines are context. */
static void hunk(FILE *out, const lines *a, const lines *b, size_t a0, size_t a1,
                 const unsigned char *changed)
{
	fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", a0 + 1, a1 - a0, a0 + 1, a1 - a0);
	{
		for (size_t i = a0; i < a1; i++) {
			if (!changed[i]) {
				put_line(out, ' ', a->p[i], a->len[i]);
				continue;
			}
			size_t j = i;
			while (j < a1 && changed[j])
				j++;
			for (size_t k = i; k < j; k++)
				put_line(out, '-', a->p[k], a->len[k]);
			for (size_t k = i; k < j; k++)
				put_line(out, '+', b->p[k], b->len[k]);
			i = j - 1;
		}
	}
}

/* Writes PREFIX + path as a diff header name. A name with control
 * characters, a quote or a backslash is written as git does, quoted with C
 * escapes (GNU patch reads them back), so it cannot break the header or
 * reach a terminal raw. */
static void header_name(FILE *out, const char *prefix, const char *path)
{
	const unsigned char *p = (const unsigned char *)path;
	while (*p && *p >= 0x20 && *p != 0x7f && *p != '"' && *p != '\\')
		p++;
	if (!*p) {
		fprintf(out, "%s%s", prefix, path);
		return;
	}
	static const char named[] = "\a\b\t\n\v\f\r", letters[] = "abtnvfr";
	fprintf(out, "\"%s", prefix);
	for (p = (const unsigned char *)path; *p; p++) {
		const char *k = memchr(named, *p, sizeof named - 1);
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (k)
			fprintf(out, "\\%c", letters[k - named]);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\%03o", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

int write_unified_diff(FILE *out, const char *path, const char *old, size_t old_len,
                       const char *new_text, size_t new_len)
{
	lines a, b;
	int rc = split(&a, old, old_len) | split(&b, new_text, new_len);
	unsigned char *changed = NULL;
	if (!rc && a.n == b.n && !(changed = calloc(a.n + 1, 1)))
		rc = -1;
	if (rc) {
		free(a.p), free(a.len), free(b.p), free(b.len);
		return -1;
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	fputs("--- ", out);
	header_name(out, "a/", path);
	fputs("\n+++ ", out);
	header_name(out, "b/", path);
	fputc('\n', out);
	if (changed) {
		for (size_t i = 0; i < a.n; i++)
			changed[i] = !same(&a, i, &b, i);
		for (size_t i = 0; i < a.n;) {
			if (!changed[i]) {
				i++;
				continue;
			}
			size_t start = i > CONTEXT ? i - CONTEXT : 0, last = i;
			/* extend while the next change is within two contexts */
			for (size_t j = i + 1; j < a.n && j <= last + 2 * CONTEXT; j++)
				if (changed[j])
					last = j;
			size_t end = last + 1 + CONTEXT < a.n ? last + 1 + CONTEXT : a.n;
			hunk(out, &a, &b, start, end, changed);
			i = end;
		}
	} else {
		size_t head = 0, tail = 0;
		while (head < a.n && head < b.n && same(&a, head, &b, head))
			head++;
		while (tail < a.n - head && tail < b.n - head && same(&a, a.n - 1 - tail, &b, b.n - 1 - tail))
			tail++;
		size_t s = head > CONTEXT ? head - CONTEXT : 0;
		size_t ctx_tail = tail > CONTEXT ? CONTEXT : tail;
		/* leading context, the change, trailing context */
		fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", s + 1, a.n - tail + ctx_tail - s, s + 1,
		        b.n - tail + ctx_tail - s);
		for (size_t i = s; i < head; i++)
			put_line(out, ' ', a.p[i], a.len[i]);
		for (size_t i = head; i < a.n - tail; i++)
			put_line(out, '-', a.p[i], a.len[i]);
		for (size_t k = head; k < b.n - tail; k++)
			put_line(out, '+', b.p[k], b.len[k]);
		for (size_t i = a.n - tail; i < a.n - tail + ctx_tail; i++)
			put_line(out, ' ', a.p[i], a.len[i]);
	}
	free(changed);
	free(a.p), free(a.len), free(b.p), free(b.len);
	return ferror(out) ? -1 : 0;
}
