/* tongwen check [--target cn|hk|tw] [--format F] [--fail-on L] [--config FILE]
 *               [--fix] [FILE…|DIR…|-] */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "tongwen/xml.h"
#include "tongwen/config.h"
#include "tongwen/report.h"

static const char check_usage[] =
	"usage: tongwen check [--target cn|hk|tw] [--format text|json|sarif|github|xml]\n"
	"                     [--fail-on error|warning|info|never] [--config FILE] [--fix]\n"
	"                     [--markup auto|text|html|xml|markdown] [--encoding E]\n"
	"                     [FILE…|DIR…|-]\n"
	"\n"
	"  -t, --target T     region the text is meant for (default: .tongwen.ini, else cn)\n"
	"  -f, --format F     report format (default text)\n"
	"  --fail-on LEVEL    exit 1 when a finding is at or above LEVEL (default error)\n"
	"  -c, --config FILE  use FILE instead of the .tongwen.ini found by walking up\n"
	"                     from each checked file's directory\n"
	"  -m, --markup M     how to read the input (default auto: by extension,\n"
	"                     standard input by content); in HTML, XML and Markdown\n"
	"                     only readable text is checked, positions are the file's\n"
	"  -e, --encoding E   input encoding (iconv name: big5-hkscs, gb18030 …;\n"
	"                     default: a byte order mark or the document's\n"
	"                     declaration, else UTF-8); byte offsets in reports\n"
	"                     are then offsets in the UTF-8 text\n"
	"  --fix              apply, in place, every error with exactly one suggestion;\n"
	"                     review items and warnings are never applied\n"
	"\n"
	"Directories are searched for .txt .md .markdown .mdx .rst .adoc .html .htm\n"
	".xhtml and .xml files, skipping hidden entries. Files matching a configured\n"
	"ignore pattern are skipped. Reports go to standard output; --fix lists what\n"
	"it changed on standard error. Exit status: 0 clean, 1 findings at or above\n"
	"the threshold, 2 usage or input error.\n";

enum { FORMAT_XML = 100 };

typedef struct cached_config {
	char *path; /* NULL: the --config file */
	tw_config *cfg;
	int failed;
} cached_config;

/* One checked file, kept until the report is rendered. */
typedef struct entry {
	char *name;
	char *text;
	size_t len;
	tw_findings *findings;
	int fail_on;
	tw_markup markup;
	char encoding[64]; /* the file's encoding; --fix writes it back in it */
	const tw_config *cfg; /* owned by the run's cache */
} entry;

typedef struct run {
	int target, format, fail_on, fix, markup;
	const char *encoding;
	const char *config_file;
	tw_lexicon *lex;
	cached_config *configs;
	size_t n_configs;
	entry *entries;
	size_t n_entries, cap_entries;
	int status; /* EXIT_USAGE once an input or configuration error happened */
} run;

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* The configuration for a file in dir: the --config file, or the nearest
 * .tongwen.ini, each loaded once. *cfg is NULL when there is none. */
static int config_for(run *r, const char *dir, tw_config **cfg)
{
	tw_error err = {0};
	char *path = NULL;
	*cfg = NULL;
	if (r->config_file) {
		path = NULL;
	} else {
		if (tw_config_find(&path, dir, &err)) {
			die_msg("%s", err.message);
			return -1;
		}
		if (!path)
			return 0;
	}
	for (size_t i = 0; i < r->n_configs; i++) {
		cached_config *c = &r->configs[i];
		if ((!path && !c->path) || (path && c->path && !strcmp(path, c->path))) {
			free(path);
			*cfg = c->cfg;
			return c->failed ? -1 : 0;
		}
	}
	cached_config *grown = realloc(r->configs, (r->n_configs + 1) * sizeof *grown);
	if (!grown) {
		free(path);
		die_msg("out of memory");
		return -1;
	}
	r->configs = grown;
	cached_config *c = &r->configs[r->n_configs++];
	c->path = path;
	c->cfg = NULL;
	c->failed = tw_config_load(&c->cfg, path ? path : r->config_file, &err) != 0;
	if (c->failed)
		die_msg("%s", err.message);
	*cfg = c->cfg;
	return c->failed ? -1 : 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, path, n);
		d[n] = '\0';
	}
	return d;
}

/* Applies every error finding that has exactly one suggestion and is not a
 * review item, left to right, skipping any that overlaps one already taken,
 * and describes each change on log. Returns the number applied; *out is the
 * new text. */
static long build_fixed(const entry *e, char **out, size_t *out_len, FILE *log)
{
	size_t cap = e->len + 1, n = 0, pos = 0;
	long applied = 0;
	char *t = malloc(cap);
	if (!t)
		return -1;
	for (size_t i = 0; i < e->findings->count; i++) {
		const tw_finding *x = &e->findings->items[i];
		if (x->severity != TW_SEV_ERROR || x->n_suggestions != 1 ||
		    !strcmp(x->rule, "term/review") || x->offset < pos || x->offset + x->length > e->len)
			continue;
		const char *s = x->suggestions[0];
		size_t sl = strlen(s), need = n + (x->offset - pos) + sl + (e->len - x->offset) + 1;
		if (need > cap) {
			char *g = realloc(t, need);
			if (!g) {
				free(t);
				return -1;
			}
			t = g;
			cap = need;
		}
		memcpy(t + n, e->text + pos, x->offset - pos);
		n += x->offset - pos;
		memcpy(t + n, s, sl);
		n += sl;
		pos = x->offset + x->length;
		fprintf(log, "%s:%zu:%zu: fixed: %.*s → %s [%s]\n", e->name, x->line, x->column,
		        (int)x->length, e->text + x->offset, s, x->rule);
		applied++;
	}
	memcpy(t + n, e->text + pos, e->len - pos);
	n += e->len - pos;
	t[n] = '\0';
	*out = t;
	*out_len = n;
	return applied;
}

/* Checks a document: plain text directly, markup through the document
 * layer, so findings in code, URLs and markup never appear. */
static int check_text(tw_findings **f, const run *r, const entry *e, const char *text,
                      size_t len, const tw_check_options *o, tw_error *err)
{
	tw_doc_options d = TW_DOC_OPTIONS_INIT;
	d.markup = e->markup;
	d.name = e->name;
	tw_config_apply_document(e->cfg, &d);
	return tw_check_document(f, r->lex, text, len, &d, o, err);
}

/* --fix on one file: writes the fixed text through a temporary file renamed
 * into place, then checks the new text so the report shows what remains. */
static int fix_file(run *r, entry *e, const tw_check_options *o)
{
	char *t = NULL, *log_text = NULL;
	size_t n, log_len;
	/* the log is shown only once the file is replaced */
	FILE *log = open_memstream(&log_text, &log_len);
	long applied = log ? build_fixed(e, &t, &n, log) : -1;
	if (log && fclose(log))
		applied = -1;
	out_file of;
	int rc = applied < 0 ? -1 : 0;
	if (rc)
		die_msg("out of memory");
	char *enc = NULL;
	size_t enc_len = 0;
	tw_error eerr = {0};
	if (!rc && applied > 0 && !tw_encoding_is_utf8(e->encoding) &&
	    tw_encode(&enc, &enc_len, t, n, e->encoding, &eerr)) {
		die_msg("%s: cannot write the fix: %s", e->name, eerr.message);
		rc = -1;
	}
	if (!rc && applied > 0 && !(rc = out_open(&of, e->name))) {
		const char *w = enc ? enc : t;
		size_t wl = enc ? enc_len : n;
		if (fwrite(w, 1, wl, of.f) != wl) {
			die_msg("%s: write error: %s", e->name, strerror(errno));
			out_abort(&of);
			rc = -1;
		} else {
			rc = out_commit(&of);
		}
	}
	tw_free(enc);
	if (!rc && applied > 0)
		fputs(log_text, stderr);
	free(log_text);
	if (rc || applied <= 0) {
		free(t);
		return rc;
	}
	tw_findings *f;
	tw_error err = {0};
	if (check_text(&f, r, e, t, n, o, &err)) {
		die_msg("%s: %s", e->name, err.message);
		free(t);
		return -1;
	}
	tw_findings_free(e->findings);
	free(e->text);
	e->findings = f;
	e->text = t;
	e->len = n;
	die_msg("%s: fixed %ld, %zu finding%s remain%s", e->name, applied, f->count,
	        f->count == 1 ? "" : "s", f->count == 1 ? "s" : "");
	return 0;
}

static void check_file(run *r, const char *path)
{
	int is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	char *dir = is_stdin ? xstrdup(".") : dir_of(path);
	tw_config *cfg = NULL;
	int rc = dir ? config_for(r, dir, &cfg) : -1;
	free(dir);
	if (rc) {
		r->status = EXIT_USAGE;
		return;
	}
	if (!is_stdin && cfg && tw_config_ignores(cfg, path))
		return;
	if (r->n_entries == r->cap_entries) {
		size_t cap = r->cap_entries ? r->cap_entries * 2 : 16;
		entry *g = realloc(r->entries, cap * sizeof *g);
		if (!g) {
			die_msg("out of memory");
			r->status = EXIT_USAGE;
			return;
		}
		r->entries = g;
		r->cap_entries = cap;
	}
	entry e = {0};
	char *raw;
	size_t raw_len;
	doc_input in;
	if (slurp(path, &raw, &raw_len) ||
	    doc_decode(&in, name, r->encoding, r->markup, path, raw, raw_len)) {
		r->status = EXIT_USAGE;
		return;
	}
	e.text = in.text;
	e.len = in.len;
	e.markup = in.markup;
	snprintf(e.encoding, sizeof e.encoding, "%s", in.encoding);
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	tw_config_apply(cfg, &o);
	if (r->target >= 0)
		o.target = (tw_target)r->target;
	tw_error err = {0};
	e.name = xstrdup(name);
	e.cfg = cfg;
	if (!e.name || check_text(&e.findings, r, &e, e.text, e.len, &o, &err)) {
		die_msg("%s: %s", name, e.name ? err.message : "out of memory");
		free(e.name);
		free(e.text);
		r->status = EXIT_USAGE;
		return;
	}
	e.fail_on = r->fail_on != -2 ? r->fail_on : tw_config_fail_on(cfg);
	if (e.fail_on == -2)
		e.fail_on = TW_SEV_ERROR;
	if (r->fix && fix_file(r, &e, &o))
		r->status = EXIT_USAGE;
	r->entries[r->n_entries++] = e;
}

static int wanted_extension(const char *name)
{
	static const char *const ext[] = {".txt", ".md",  ".markdown", ".mdx", ".rst", ".adoc",
	                                  ".html", ".htm", ".xhtml",    ".xml"};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof ext / sizeof ext[0]; i++)
		if (!strcmp(dot, ext[i]))
			return 1;
	return 0;
}

static int skip_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Walks a directory in name order, so reports are stable. */
static void check_dir(run *r, const char *dir)
{
	tw_config *cfg = NULL;
	if (config_for(r, dir, &cfg)) {
		r->status = EXIT_USAGE;
		return;
	}
	if (cfg && tw_config_ignores(cfg, dir))
		return;
	struct dirent **list;
	int n = scandir(dir, &list, skip_dot, alphasort);
	if (n < 0) {
		die_msg("%s: %s", dir, strerror(errno));
		r->status = EXIT_USAGE;
		return;
	}
	size_t dl = strlen(dir);
	for (int i = 0; i < n; i++) {
		size_t nl = strlen(list[i]->d_name);
		char *p = malloc(dl + nl + 2);
		if (!p) {
			die_msg("out of memory");
			r->status = EXIT_USAGE;
		} else {
			int slash = dl && dir[dl - 1] == '/';
			memcpy(p, dir, dl);
			if (!slash)
				p[dl] = '/';
			memcpy(p + dl + !slash, list[i]->d_name, nl + 1);
			struct stat st;
			if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
				check_dir(r, p);
			else if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && wanted_extension(p))
				check_file(r, p);
			free(p);
		}
		free(list[i]);
	}
	free(list);
}

static int render(run *r)
{
	if (r->format == FORMAT_XML) {
		/* One annotated document holds one text. */
		if (r->n_entries != 1) {
			die_msg("check: --format xml takes exactly one input (%zu given)", r->n_entries);
			return -1;
		}
		const entry *e = &r->entries[0];
		tw_xml_options xo = TW_XML_OPTIONS_INIT;
		xo.target = r->target >= 0 ? (tw_target)r->target : TW_TARGET_CN;
		xo.name = e->name;
		xo.markup = tw_markup_name(e->markup);
		char *doc;
		size_t dlen;
		tw_error xerr = {0};
		if (tw_xml_render_text(&doc, &dlen, e->text, e->len, e->findings, &xo, &xerr)) {
			die_msg("%s: %s", e->name, xerr.message);
			return -1;
		}
		out_file xo_out;
		int xrc = out_open(&xo_out, NULL);
		if (!xrc && fwrite(doc, 1, dlen, xo_out.f) != dlen)
			xrc = -1;
		if (!xrc)
			xrc = out_commit(&xo_out);
		tw_free(doc);
		return xrc;
	}
	tw_report_file *files = calloc(r->n_entries + 1, sizeof *files);
	if (!files) {
		die_msg("out of memory");
		return -1;
	}
	for (size_t i = 0; i < r->n_entries; i++) {
		files[i].name = r->entries[i].name;
		files[i].text = r->entries[i].text;
		files[i].len = r->entries[i].len;
		files[i].findings = r->entries[i].findings;
	}
	char *out;
	size_t len;
	tw_error err = {0};
	int rc = tw_report_render(&out, &len, (tw_report_format)r->format, files, r->n_entries, &err);
	free(files);
	if (rc) {
		die_msg("%s", err.message);
		return -1;
	}
	out_file o;
	rc = out_open(&o, NULL);
	if (!rc && fwrite(out, 1, len, o.f) != len)
		rc = -1;
	if (!rc)
		rc = out_commit(&o);
	tw_free(out);
	return rc;
}

static int parse_args(run *r, int argc, char **argv, const char **files, size_t *nfiles)
{
	int only_files = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		if (only_files || a[0] != '-' || !a[1]) {
			files[(*nfiles)++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_files = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(check_usage, stdout);
			return 1;
		}
		if (!strcmp(a, "--fix")) {
			r->fix = 1;
			continue;
		}
		static const char *const opts[][2] = {{"-t", "--target"},
		                                      {"-f", "--format"},
		                                      {"", "--fail-on"},
		                                      {"-c", "--config"},
		                                      {"-m", "--markup"},
		                                      {"-e", "--encoding"}};
		int which = -1;
		for (int k = 0; k < 6 && which < 0; k++) {
			size_t ln = strlen(opts[k][1]);
			if (!strcmp(a, opts[k][0]) || !strcmp(a, opts[k][1])) {
				which = k;
				if (i + 1 >= argc) {
					die_msg("%s needs an argument", a);
					return -1;
				}
				v = argv[++i];
			} else if (!strncmp(a, opts[k][1], ln) && a[ln] == '=') {
				which = k;
				v = a + ln + 1;
			}
		}
		if (which < 0) {
			die_msg("check: unknown option '%s'", a);
			fputs(check_usage, stderr);
			return -1;
		}
		if (which == 0 && (r->target = tw_target_parse(v)) < 0) {
			die_msg("--target must be cn, hk or tw, not '%s'", v);
			return -1;
		}
		if (which == 1) {
			r->format = !strcmp(v, "xml") ? FORMAT_XML : tw_report_format_parse(v);
			if (r->format < 0) {
				die_msg("--format must be text, json, sarif, github or xml, not '%s'", v);
				return -1;
			}
		}
		if (which == 2) {
			r->fail_on = tw_severity_parse(v);
			if (r->fail_on == -2 || !strcmp(v, "off")) {
				die_msg("--fail-on must be error, warning, info or never, not '%s'", v);
				return -1;
			}
		}
		if (which == 3)
			r->config_file = v;
		if (which == 4 && (r->markup = markup_arg(v)) < 0)
			return -1;
		if (which == 5 && encoding_arg(r->encoding = v))
			return -1;
	}
	return 0;
}

static int exit_status(const run *r)
{
	if (r->status)
		return r->status;
	for (size_t i = 0; i < r->n_entries; i++) {
		const entry *e = &r->entries[i];
		if (e->fail_on == TW_SEV_OFF)
			continue;
		for (size_t k = 0; k < e->findings->count; k++)
			if ((int)e->findings->items[k].severity >= e->fail_on)
				return EXIT_FINDINGS;
	}
	return EXIT_CLEAN;
}

int cmd_check(int argc, char **argv)
{
	run r = {.target = -1, .format = TW_REPORT_TEXT, .fail_on = -2};
	const char **files = calloc((size_t)argc + 1, sizeof *files);
	size_t nfiles = 0;
	if (!files) {
		die_msg("out of memory");
		return EXIT_USAGE;
	}
	int rc = parse_args(&r, argc, argv, files, &nfiles);
	if (rc) {
		free(files);
		return rc > 0 ? EXIT_CLEAN : EXIT_USAGE;
	}
	if (!nfiles)
		files[nfiles++] = "-";
	for (size_t i = 0; i < nfiles; i++)
		if (r.fix && !strcmp(files[i], "-")) {
			die_msg("--fix rewrites files in place; it cannot fix standard input");
			free(files);
			return EXIT_USAGE;
		}
	tw_error err = {0};
	if (tw_lexicon_open(&r.lex, NULL, &err)) {
		die_msg("%s", err.message);
		free(files);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < nfiles; i++) {
		struct stat st;
		if (strcmp(files[i], "-") && stat(files[i], &st) == 0 && S_ISDIR(st.st_mode))
			check_dir(&r, files[i]);
		else
			check_file(&r, files[i]);
	}
	if (render(&r))
		r.status = EXIT_USAGE;
	int status = exit_status(&r);
	for (size_t i = 0; i < r.n_entries; i++) {
		free(r.entries[i].name);
		free(r.entries[i].text);
		tw_findings_free(r.entries[i].findings);
	}
	for (size_t i = 0; i < r.n_configs; i++) {
		free(r.configs[i].path);
		tw_config_free(r.configs[i].cfg);
	}
	free(r.entries);
	free(r.configs);
	tw_lexicon_free(r.lex);
	free(files);
	return status;
}
