/* tongwen check [--target cn|hk|tw] [--format F] [--fail-on L] [--config FILE]
 *               [--fix] [FILE…|DIR…|-] */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
	"  --color[=WHEN]     colour the text report: auto (a terminal, unless\n"
	"                     NO_COLOR is set), always, never\n"
	"  --dry-run          with --fix: list what would be fixed, change nothing\n"
	"  --diff             with --fix: print a unified diff (patch -p1) instead of\n"
	"                     the report, change nothing\n"
	"  --files-from LIST  check the files listed in LIST (- for stdin), one a\n"
	"                     line, or NUL-separated with -0\n"
	"  -j, --jobs N       threads (default: the cores); reports keep input order\n"
	"  --jsonl FIELD,… --id FIELD\n"
	"                     JSON Lines: one line per record, {\"id\": …,\n"
	"                     \"findings\": [{\"field\": …, …as --format json…}]}\n"
	"  --line-buffered    flush after each record; --on-error fail|skip as in\n"
	"                     convert\n"
	"\n"
	"Directories are searched for .txt .md .markdown .mdx .rst .adoc .html .htm\n"
	".xhtml and .xml files, skipping hidden entries, special files, symlinks that\n"
	"leave the tree and directories already walked; /proc and /sys are never\n"
	"read. Files matching a configured ignore pattern are skipped; a directory\n"
	"with nothing to check is an error. Reports go to standard output as the\n"
	"files are checked, in memory that does not grow with the input: plain\n"
	"UTF-8 files over 1 MiB are checked in pieces; the text format quotes up to\n"
	"60 characters around each span; --format xml (one input) writes the text,\n"
	"then the findings. --fix lists what it changed on standard error.\n"
	"Exit status: 0 clean, 1 findings at or above the threshold, 2 usage or\n"
	"input error.\n";

enum { FORMAT_XML = 100 };

typedef struct cached_config {
	char *path; /* NULL: the --config file */
	tw_config *cfg;
	int failed;
} cached_config;

/* One file of the run. Its text and findings live from its check until
 * its part of the report is written (in order of the files), except for
 * --format xml, which renders one file at the end. */
typedef struct entry {
	char *name; /* for reports: control characters and bad bytes escaped */
	char *path; /* as given, for --fix */
	char *text;
	size_t len;
	tw_findings *findings;
	int fail_on;
	tw_markup markup;
	char encoding[64];    /* the file's encoding; --fix writes it back in it */
	const tw_config *cfg; /* owned by the run's cache */
	tw_check_options opts;
	int failed;     /* an input error, printed */
	int fix_failed; /* --fix could not write the file, printed */
	char *diff;     /* --fix --diff: this file's unified diff */
	size_t diff_len;
	int big;        /* checked in pieces when its turn comes (cmd/check_big.c) */
	FILE *spool;    /* a big standard input, kept in a temporary file */
	int worst;      /* the highest severity among its findings, -1 none */
} entry;

typedef struct run {
	int target, format, fail_on, fix, markup, dry_run, diff, color, jobs, nul, line_buffered, skip_errors;
	const char *config_file, *files_from, *jsonl, *id_field, *encoding;
	tw_lexicon *lex;
	cached_config *configs;
	size_t n_configs;
	entry *entries;
	size_t n_entries, cap_entries;
	int status; /* EXIT_USAGE once an input or configuration error happened */
	double last_progress;
	int progress;
	tw_report_writer *w; /* the report, written file by file; NULL for xml and --diff */
	int colored;
	int write_failed;
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

/* Applies every safe fix (tw_fix: errors with exactly one suggestion that
 * are not review items, overlaps resolved in one pass) and describes each
 * change on log. Returns the number of changes; *out is the new text. */
static long build_fixed(const entry *e, char **out, size_t *out_len, FILE *log, int preview)
{
	tw_edits *ed = NULL;
	tw_lines *lines = NULL;
	*out = NULL;
	/* the log goes to stderr: e->name keeps control characters for JSON */
	char *name = safe_name(e->name, 0);
	if (!name || tw_fix(&ed, out, out_len, e->text, e->len, e->findings, NULL, NULL) ||
	    tw_lines_new(&lines, e->text, e->len, NULL)) {
		tw_edits_free(ed);
		tw_free(*out);
		*out = NULL;
		free(name);
		return -1;
	}
	for (size_t i = 0; i < ed->count; i++) {
		const tw_edit *x = &ed->items[i];
		size_t line = 0, col = 0;
		tw_lines_position(&line, &col, lines, x->offset, TW_UNIT_CODEPOINT);
		fprintf(log, "%s:%zu:%zu: %s: %.*s → %s [%s]\n", name, line + 1, col + 1,
		        preview ? "would fix" : "fixed", (int)x->length, e->text + x->offset, x->text,
		        e->findings->items[x->finding].rule);
	}
	long applied = (long)ed->count;
	tw_edits_free(ed);
	tw_lines_free(lines);
	free(name);
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

/* --fix on one file: checks the fixed text (so the report shows what
 * remains) and only then writes it, through cmd/fileio.c, so that nothing
 * that can fail comes after the file is replaced. */
static int fix_file(run *r, entry *e, const tw_check_options *o)
{
	char *t = NULL, *log_text = NULL;
	size_t n, log_len;
	/* the log is shown only once the file is replaced */
	FILE *log = open_memstream(&log_text, &log_len);
	long applied = log ? build_fixed(e, &t, &n, log, r->dry_run || r->diff) : -1;
	if (log && fclose(log))
		applied = -1;
	if (applied < 0) {
		die_msg("%s: out of memory", e->name);
		tw_free(t);
		free(log_text);
		return -1;
	}
	if (r->dry_run || r->diff) {
		/* a preview: the log (--dry-run) or a diff (--diff), no file changed */
		int rc = 0;
		if (r->dry_run && applied > 0)
			put_escaped(stderr, log_text, log_len);
		if (r->diff && applied > 0) {
			FILE *d = open_memstream(&e->diff, &e->diff_len);
			if (!d || write_unified_diff(d, e->path, e->text, e->len, t, n) || fclose(d)) {
				die_msg("%s: out of memory", e->name);
				rc = -1;
			}
		}
		tw_free(t);
		free(log_text);
		return rc;
	}
	tw_findings *f = NULL;
	tw_error err = {0};
	out_file of;
	int rc = 0;
	char *enc = NULL;
	size_t enc_len = 0;
	tw_error eerr = {0};
	if (applied > 0 && check_text(&f, r, e, t, n, o, &err)) {
		die_msg("%s: %s", e->name, err.message);
		rc = -1;
	} else if (applied > 0 && !tw_encoding_is_utf8(e->encoding) &&
	           tw_encode(&enc, &enc_len, t, n, e->encoding, &eerr)) {
		die_msg("%s: cannot write the fix: %s", e->name, eerr.message);
		rc = -1;
	} else if (applied > 0 && !(rc = out_open(&of, e->path))) {
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
	if (rc || applied == 0) {
		tw_findings_free(f);
		tw_free(t);
		free(log_text);
		return rc;
	}
	put_escaped(stderr, log_text, log_len);
	free(log_text);
	tw_findings_free(e->findings);
	free(e->text);
	e->findings = f;
	e->text = t;
	e->len = n;
	die_msg("%s: fixed %ld, %zu finding%s remain%s", e->name, applied, f->count,
	        f->count == 1 ? "" : "s", f->count == 1 ? "s" : "");
	return 0;
}

/* Adds a file to the run with its configuration (on this thread: the
 * configuration cache is not shared); process_entry reads and checks it. */
static void check_file(run *r, const char *path)
{
	int is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	char *dir = is_stdin ? xstrdup(".") : dir_of(path);
	tw_config *cfg = NULL;
	if (!dir)
		die_msg("%s: out of memory", name);
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
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	tw_config_apply(cfg, &o);
	if (r->target >= 0)
		o.target = (tw_target)r->target;
	e.opts = o;
	e.cfg = cfg;
	/* JSON and SARIF escape control characters themselves */
	int controls = r->format == TW_REPORT_JSON || r->format == TW_REPORT_SARIF;
	e.name = safe_name(name, controls);
	e.path = xstrdup(path);
	if (!e.name || !e.path) {
		die_msg("%s: out of memory", name);
		free(e.name);
		free(e.path);
		r->status = EXIT_USAGE;
		return;
	}
	e.fail_on = r->fail_on != -2 ? r->fail_on : tw_config_fail_on(cfg);
	if (e.fail_on == -2)
		e.fail_on = TW_SEV_ERROR;
	r->entries[r->n_entries++] = e;
}

/* Reads, checks and (--fix) fixes one entry; runs on a worker thread. */
static void process_entry(void *ud, size_t i)
{
	run *r = ud;
	entry *e = &r->entries[i];
	int is_stdin = !strcmp(e->path, "-");
	const char *name = is_stdin ? "<stdin>" : e->path;
	tw_error err = {0};
	char *raw;
	size_t raw_len;
	doc_input in;
	e->failed = 1;
	int streamable = !r->fix && !r->diff;
	if (streamable && check_big_wanted(e->path, r->markup, r->encoding)) {
		e->big = 1;
		e->failed = 0;
		return;
	}
	if (is_stdin) {
		if (check_read_stdin(&e->spool, &raw, &raw_len, r->markup, r->encoding, streamable))
			return;
		if (e->spool) {
			e->big = 1;
			e->failed = 0;
			return;
		}
	} else if (slurp(e->path, &raw, &raw_len)) {
		return;
	}
	if (doc_decode(&in, name, r->encoding, r->markup, e->path, raw, raw_len))
		return;
	e->text = in.text;
	e->len = in.len;
	e->markup = in.markup;
	snprintf(e->encoding, sizeof e->encoding, "%s", in.encoding);
	if (check_text(&e->findings, r, e, e->text, e->len, &e->opts, &err)) {
		die_msg("%s: %s", name, err.message);
		e->findings = NULL;
		return;
	}
	e->fix_failed = r->fix && fix_file(r, e, &e->opts);
	e->failed = 0;
}

/* A progress line on a terminal, at most ten times a second. */
static void show_progress(run *r, size_t i)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double now = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	if (now - r->last_progress < 0.1 && i + 1 < r->n_entries)
		return;
	r->last_progress = now;
	fprintf(stderr, "\r\033[Ktongwen: checked %zu/%zu files", i + 1, r->n_entries);
	fflush(stderr);
}

/* On the calling thread, in order of the files: writes entry i's part of
 * the report and lets its text and findings go. */
static void emit_entry(void *ud, size_t i)
{
	run *r = ud;
	entry *e = &r->entries[i];
	if (e->big && r->format == FORMAT_XML) {
		/* written when the document is (render) */
	} else if (e->big) {
		/* One file: its pieces on two threads; with more, the pool's threads
		 * take the other files. */
		if (check_big_file(r->lex, &e->opts, e->path, e->spool, e->name,
		                   r->write_failed ? NULL : r->w,
		                   r->n_entries == 1 && r->jobs > 1 ? 2 : 1, &e->worst))
			e->failed = 1;
		if (e->spool)
			fclose(e->spool);
		e->spool = NULL;
	} else if (!e->failed && e->findings) {
		e->worst = -1;
		for (size_t k = 0; k < e->findings->count; k++)
			if ((int)e->findings->items[k].severity > e->worst)
				e->worst = (int)e->findings->items[k].severity;
		tw_error err = {0};
		if (r->w && !r->write_failed &&
		    tw_report_writer_add(r->w, e->name, e->findings->items, e->findings->count,
		                         e->text, 0, e->len, &err)) {
			die_msg("%s", err.message);
			r->write_failed = 1;
		}
	} else {
		e->failed = 1;
	}
	if (r->format != FORMAT_XML) {
		free(e->text);
		e->text = NULL;
		tw_findings_free(e->findings);
		e->findings = NULL;
	}
	if (r->progress)
		show_progress(r, i);
}

/* Checks every collected entry on r->jobs threads, writing the report as
 * they come, then keeps the ones that succeeded, in order. */
static void process_all(run *r)
{
	r->progress = r->n_entries > 1 && isatty(2);
	for (size_t i = 0; i < r->n_entries; i++)
		r->entries[i].worst = -1;
	/* few items ahead: each holds its text (up to a piece) and findings */
	if (pool_run(r->n_entries, r->jobs, 4, process_entry, emit_entry, r))
		r->status = EXIT_USAGE;
	if (r->progress)
		fputs("\r\033[K", stderr);
	size_t kept = 0;
	for (size_t i = 0; i < r->n_entries; i++) {
		entry *e = &r->entries[i];
		if (e->failed) {
			r->status = EXIT_USAGE;
			free(e->name);
			free(e->path);
			free(e->diff);
			free(e->text);
			tw_findings_free(e->findings);
		} else {
			if (e->fix_failed)
				r->status = EXIT_USAGE;
			r->entries[kept++] = *e;
		}
	}
	r->n_entries = kept;
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

static int walk_enter(void *ud, const char *dir)
{
	run *r = ud;
	tw_config *cfg = NULL;
	if (config_for(r, dir, &cfg)) {
		r->status = EXIT_USAGE;
		return 0;
	}
	return !cfg || !tw_config_ignores(cfg, dir);
}

static int walk_want(void *ud, const char *path)
{
	(void)ud;
	return wanted_extension(path);
}

static int walk_file(void *ud, const char *path, const char *rel)
{
	(void)rel;
	check_file(ud, path);
	return 0;
}

/* A directory where nothing is checked is an error: a typo in a path or an
 * ignore pattern must not pass CI silently. */
static void check_dir(run *r, const char *dir)
{
	walk_options wo = {walk_enter, walk_want, walk_file, r, 1};
	size_t found, before = r->n_entries;
	if (walk_tree(dir, &wo, &found))
		r->status = EXIT_USAGE;
	else if (r->n_entries == before && !r->status) {
		die_msg("%s: no files to check (.txt .md .markdown .mdx .rst .adoc .html .htm "
		        ".xhtml .xml; hidden and ignored entries are skipped)", dir);
		r->status = EXIT_USAGE;
	}
}

static int write_report(void *ud, const char *data, size_t len)
{
	const run *r = ud;
	if (r->colored)
		return write_colored_report(stdout, data, len);
	return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static int write_xml(void *ud, const char *data, size_t len)
{
	return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

/* The report's writer, before the files are checked (none for xml and
 * --diff, which need every file first). */
static int open_report(run *r)
{
	if (r->diff || r->format == FORMAT_XML)
		return 0;
	r->colored = r->format == TW_REPORT_TEXT && color_wanted(r->color, 1);
	tw_error err = {0};
	if (tw_report_writer_open(&r->w, (tw_report_format)r->format, write_report, r, &err)) {
		die_msg("%s", err.message);
		return -1;
	}
	return 0;
}

static int render(run *r)
{
	if (r->diff) {
		/* the diff is the output; the report would not apply as a patch */
		for (size_t i = 0; i < r->n_entries; i++)
			if (r->entries[i].diff &&
			    fwrite(r->entries[i].diff, 1, r->entries[i].diff_len, stdout) != r->entries[i].diff_len)
				return -1;
		return fflush(stdout) ? -1 : 0;
	}
	if (r->format == FORMAT_XML) {
		/* One annotated document holds one text. */
		if (r->n_entries != 1) {
			die_msg("check: --format xml takes exactly one input (%zu given)", r->n_entries);
			return -1;
		}
		entry *e = &r->entries[0];
		tw_xml_options xo = TW_XML_OPTIONS_INIT;
		xo.target = r->target >= 0 ? (tw_target)r->target : TW_TARGET_CN;
		xo.name = e->name;
		xo.markup = tw_markup_name(e->big ? TW_MARKUP_TEXT : e->markup);
		out_file xo_out;
		if (out_open(&xo_out, NULL))
			return -1;
		int xrc;
		if (e->big) {
			xrc = check_big_xml(r->lex, &e->opts, e->path, e->spool, e->name, &xo, xo_out.f,
			                    &e->worst);
			if (e->spool)
				fclose(e->spool);
			e->spool = NULL;
		} else {
			tw_error xerr = {0};
			tw_span whole = {0, e->len, 0, e->len, -1, NULL, NULL, NULL};
			xrc = tw_xml_write(write_xml, xo_out.f, e->text, e->len, e->text, e->len, &whole,
			                   e->len ? 1 : 0, e->findings, &xo, &xerr);
			if (xrc)
				die_msg("%s: %s", e->name,
				        xerr.code == TW_ECALLBACK ? "write error" : xerr.message);
		}
		if (xrc) {
			out_abort(&xo_out);
			return -1;
		}
		return out_commit(&xo_out);
	}
	if (!r->w)
		return -1;
	tw_error err = {0};
	int rc = tw_report_writer_finish(r->w, &err);
	if (rc && !r->write_failed)
		die_msg("%s", err.message);
	out_file o;
	if (!rc)
		rc = out_open(&o, NULL);
	if (!rc)
		rc = out_commit(&o);
	return rc || r->write_failed ? -1 : 0;
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
		if (!strncmp(a, "--color=", 8) || !strncmp(a, "--colour=", 9)) {
			if ((r->color = color_parse(strchr(a, '=') + 1)) < 0) {
				die_msg("--color must be auto, always or never, not '%s'", strchr(a, '=') + 1);
				return -1;
			}
			continue;
		}
		if (!strcmp(a, "--color") || !strcmp(a, "--colour")) {
			r->color = COLOR_ALWAYS;
			continue;
		}
		if (!strcmp(a, "--dry-run")) {
			r->dry_run = 1;
			continue;
		}
		if (!strcmp(a, "--diff")) {
			r->diff = 1;
			continue;
		}
		if (!strcmp(a, "-0") || !strcmp(a, "--null")) {
			r->nul = 1;
			continue;
		}
		if (!strcmp(a, "--line-buffered")) {
			r->line_buffered = 1;
			continue;
		}
		static const char *const opts[][2] = {
			{"-t", "--target"}, {"-f", "--format"}, {"", "--fail-on"}, {"-c", "--config"},
			{"", "--files-from"}, {"-j", "--jobs"}, {"", "--jsonl"}, {"", "--id"},
			{"", "--on-error"}, {"-m", "--markup"}, {"-e", "--encoding"}};
		int which = -1;
		for (int k = 0; k < 11 && which < 0; k++) {
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
		if (which == 4)
			r->files_from = v;
		if (which == 5) {
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 256) {
				die_msg("--jobs must be a number from 1 to 256, not '%s'", v);
				return -1;
			}
			r->jobs = (int)n;
		}
		if (which == 6)
			r->jsonl = v;
		if (which == 7)
			r->id_field = v;
		if (which == 8) {
			if (strcmp(v, "skip") && strcmp(v, "fail")) {
				die_msg("--on-error must be skip or fail, not '%s'", v);
				return -1;
			}
			r->skip_errors = !strcmp(v, "skip");
		}
		if (which == 9 && (r->markup = markup_arg(v)) < 0)
			return -1;
		if (which == 10 && encoding_arg(r->encoding = v))
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
		if (e->fail_on != TW_SEV_OFF && e->worst >= 0 && e->worst >= e->fail_on)
			return EXIT_FINDINGS;
	}
	return EXIT_CLEAN;
}

/* check --jsonl FIELD,… --id FIELD: one JSON line of findings per record. */
static int check_records(run *r, const char *const *files, size_t nfiles)
{
	if (!r->id_field) {
		die_msg("check --jsonl needs --id FIELD (the record's id in the output)");
		return EXIT_USAGE;
	}
	if (r->fix || r->files_from) {
		die_msg("check --jsonl takes neither --fix nor --files-from");
		return EXIT_USAGE;
	}
	tw_config *cfg = NULL;
	if (config_for(r, ".", &cfg))
		return EXIT_USAGE;
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	tw_config_apply(cfg, &o);
	if (r->target >= 0)
		o.target = (tw_target)r->target;
	check_jsonl_options jo = {r->lex, &o, r->jsonl, r->id_field, r->line_buffered,
	                          r->skip_errors};
	int worst;
	int status = check_jsonl(&jo, files, nfiles, &worst);
	int fail_on = r->fail_on != -2 ? r->fail_on : tw_config_fail_on(cfg);
	if (fail_on == -2)
		fail_on = TW_SEV_ERROR;
	if (!status && fail_on != TW_SEV_OFF && worst >= fail_on)
		status = EXIT_FINDINGS;
	return status;
}

int cmd_check(int argc, char **argv)
{
	run r = {.target = -1, .format = TW_REPORT_TEXT, .fail_on = -2};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	r.jobs = cores < 1 ? 1 : cores > 64 ? 64 : (int)cores;
	size_t cap = (size_t)argc + 1;
	const char **files = calloc(cap, sizeof *files);
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
	if ((r.dry_run || r.diff) && !r.fix) {
		die_msg("check: --dry-run and --diff go with --fix");
		free(files);
		return EXIT_USAGE;
	}
	if (r.nul && !r.files_from) {
		die_msg("check: -0 goes with --files-from");
		free(files);
		return EXIT_USAGE;
	}
	/* listed paths (strdup'd) follow the command-line ones */
	size_t listed_from = nfiles;
	if (r.files_from && read_list(r.files_from, r.nul, (char ***)&files, &nfiles, &cap)) {
		free(files);
		return EXIT_USAGE;
	}
	if (r.files_from && nfiles == 0) {
		die_msg("%s: no files listed", r.files_from);
		free(files);
		return EXIT_USAGE;
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
	int status;
	if (r.jsonl) {
		status = check_records(&r, files, nfiles);
	} else {
		for (size_t i = 0; i < nfiles; i++) {
			struct stat st;
			if (strcmp(files[i], "-") && stat(files[i], &st) == 0 && S_ISDIR(st.st_mode))
				check_dir(&r, files[i]);
			else
				check_file(&r, files[i]);
		}
		if (open_report(&r))
			r.status = EXIT_USAGE;
		else
			process_all(&r);
		if (render(&r))
			r.status = EXIT_USAGE;
		status = exit_status(&r);
	}
	for (size_t i = 0; i < r.n_entries; i++) {
		free(r.entries[i].name);
		free(r.entries[i].path);
		free(r.entries[i].diff);
		free(r.entries[i].text);
		tw_findings_free(r.entries[i].findings);
	}
	for (size_t i = 0; i < r.n_configs; i++) {
		free(r.configs[i].path);
		tw_config_free(r.configs[i].cfg);
	}
	free(r.entries);
	free(r.configs);
	tw_report_writer_free(r.w);
	tw_lexicon_free(r.lex);
	if (r.files_from)
		for (size_t i = listed_from; i < nfiles; i++)
			free((char *)files[i]);
	free(files);
	return status;
}
