/* twdict lint: the contexts of Cantonese entries and the word classes they
 * name. A context is parsed by the checker's own parser (lib/check/context.c),
 * so what the lint accepts is exactly what the checker loads. */
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "lint.h"

/* The classes of ts as the parser wants them; *words_out holds the split
 * word lists (free with free_classes). */
static ctx_class *make_classes(const term_set *ts, char ***words_out)
{
	ctx_class *cls = calloc(ts->n_classes + 1, sizeof *cls);
	char **all = calloc(ts->n_classes + 1, sizeof *all);
	if (!cls || !all) {
		free(cls);
		free(all);
		return NULL;
	}
	for (size_t i = 0; i < ts->n_classes; i++) {
		const char *w = ts->classes[i].words;
		size_t n = *w ? 1 : 0;
		for (const char *p = w; *p; p++)
			n += *p == '|';
		char *copy = all[i] = str_dup_n(w, strlen(w));
		char **v = calloc(n + 1, sizeof *v);
		if (!copy || !v) {
			free(v);
			for (size_t j = 0; j <= i; j++)
				free(all[j]);
			for (size_t j = 0; j < i; j++)
				free((void *)cls[j].words);
			free(all);
			free(cls);
			return NULL;
		}
		size_t k = 0;
		for (char *p = copy; k < n;) {
			v[k++] = p;
			char *bar = strchr(p, '|');
			if (!bar)
				break;
			*bar = '\0';
			p = bar + 1;
		}
		cls[i] = (ctx_class){ts->classes[i].name, v, k};
	}
	*words_out = all;
	return cls;
}

static void free_classes(ctx_class *cls, char **all, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((void *)cls[i].words);
		free(all[i]);
	}
	free(all);
	free(cls);
}

int lint_context(lint *L, const term *t)
{
	if (!t->context || !*t->context)
		return 0;
	char **all;
	ctx_class *cls = make_classes(&L->ts, &all);
	if (!cls)
		return 2;
	int rc = 0;
	const char *specs[2] = {t->context, t->simp_context};
	for (int s = 0; s < 2 && !rc; s++) {
		if (s && !strcmp(specs[0], specs[1]))
			break;
		lex_context *c;
		char why[160];
		int pr = ctx_parse(&c, specs[s], cls, L->ts.n_classes, why, sizeof why);
		if (pr == -2)
			rc = 2;
		else if (pr) {
			lint_problem(L, t->file, t->line, "context of %s%s: %s", t->source,
			             s ? " (Simplified)" : "", why);
			break;
		}
		ctx_free(c);
	}
	free_classes(cls, all, L->ts.n_classes);
	return rc;
}

/* Does some context name class `name` as a whole item? */
static int class_used(const term_set *ts, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < ts->n; i++) {
		const char *c = ts->v[i].context;
		for (const char *p = c ? strstr(c, name) : NULL; p; p = strstr(p + 1, name))
			if ((p[-1] == ':' || p[-1] == ',') && (!p[n] || p[n] == ',' || p[n] == ' '))
				return 1;
	}
	return 0;
}

int lint_classes(lint *L)
{
	const term_set *ts = &L->ts;
	for (size_t i = 0; i < ts->n_classes; i++) {
		const word_class *k = &ts->classes[i];
		if (!ctx_class_name_ok(k->name, strlen(k->name)))
			lint_problem(L, k->file, k->line, "class name %s: use a-z, 0-9 and '-'", k->name);
		if (!*k->words)
			lint_problem(L, k->file, k->line, "class %s has no words", k->name);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(ts->classes[j].name, k->name))
				lint_problem(L, k->file, k->line, "class %s defined twice (also line %zu)",
				             k->name, ts->classes[j].line);
		if (!class_used(ts, k->name))
			lint_problem(L, k->file, k->line, "class %s is used by no context", k->name);
	}
	return 0;
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int lint_cantonese_spelling(lint *L)
{
	const term_set *ts = &L->ts;
	const char **simp = malloc((ts->n + 1) * sizeof *simp);
	if (!simp)
		return 2;
	size_t n = 0;
	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].act != ACT_CANTONESE)
			simp[n++] = ts->v[i].simp;
	qsort(simp, n, sizeof *simp, cmp_str_ptr);
	for (size_t i = 0; i < ts->n; i++) {
		const term *t = &ts->v[i];
		if (t->act != ACT_CANTONESE || !strcmp(t->simp, t->source))
			continue;
		if (bsearch(&t->simp, simp, n, sizeof *simp, cmp_str_ptr))
			lint_problem(L, t->file, t->line,
			             "Cantonese word %s is spelt %s in Simplified, like a term key there "
			             "(the term wins)",
			             t->source, t->simp);
	}
	free(simp);
	return 0;
}
