/* tongwen convert [-p PROFILE] [-o OUT] [FILE…|-] */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "cli.h"

static const char convert_usage[] =
	"usage: tongwen convert [-p PROFILE] [-o OUT] [--markup M] [--encoding E]\n"
	"                       [--output-encoding E] [FILE…|-]\n"
	"       tongwen convert [-p PROFILE] -o DIR [-j N] [--no-sync] FILE… | --files-from LIST [-0]\n"
	"       tongwen convert [-p PROFILE] -r IN_DIR -o OUT_DIR [-j N] [--other copy|skip]\n"
	"       tongwen convert [-p PROFILE] --jsonl FIELD,… [--line-buffered] [--on-error fail|skip]\n"
	"       (all forms: [--register auto|hk|tw] [--opencc-only])\n"
	"       tongwen convert --list-profiles\n"
	"\n"
	"  -p, --profile NAME|PATH  OpenCC JSON profile (default hk2cn)\n"
	"  -o, --output OUT         write to OUT through a temporary file renamed\n"
	"                           into place (default: standard output); a\n"
	"                           symlink is followed, a device or FIFO written\n"
	"                           directly. An existing directory (or a name\n"
	"                           ending in /) receives one output per input at\n"
	"                           its relative path (absolute paths: below their\n"
	"                           common parent)\n"
	"  -m, --markup M           auto, text, html, xml or markdown (default auto:\n"
	"                           by extension; standard input by content)\n"
	"  -e, --encoding E         input encoding (iconv name: big5-hkscs, big5,\n"
	"                           gb18030, gbk, utf-16 …; default: a byte order\n"
	"                           mark or the document's declaration, else UTF-8)\n"
	"  --output-encoding E      output encoding (default UTF-8)\n"
	"  --files-from LIST        convert the files listed in LIST (- for stdin),\n"
	"                           one a line, or NUL-separated with -0\n"
	"  -r, --recursive          mirror IN_DIR into OUT_DIR: formats by extension\n"
	"                           (HTML, XML, Markdown as documents, text), other\n"
	"                           files copied (--other skip: left out), hidden\n"
	"                           entries skipped\n"
	"  -j, --jobs N             threads for many files (default: the cores);\n"
	"                           output order is the input order; with one\n"
	"                           output, a long plain-text input is converted\n"
	"                           on two threads unless N is 1\n"
	"  --no-sync                no syncfs at the end of a batch (scratch work)\n"
	"  --jsonl FIELD,…          JSON Lines: convert these string fields of each\n"
	"                           record, every other byte unchanged\n"
	"  --line-buffered          flush after each record (co-processes)\n"
	"  --on-error fail|skip     a bad record stops the run (exit 2) or is\n"
	"                           reported and left out (exit 0)\n"
	"  --list-profiles          list the profiles available by name\n"
	"  --opencc-only            convert without tongwen's own layers (name guard,\n"
	"                           normalisation, registers): exactly as stock\n"
	"                           OpenCC does\n"
	"  --register auto|hk|tw    hk2cn reads each document's register from its\n"
	"                           words (auto, the default): Taiwan copy is\n"
	"                           converted with the Taiwan-register terms\n"
	"                           (hk2cn-tw); hk or tw decides for every document\n"
	"\n"
	"Input files are read in turn (\"-\" or none: standard input). Invalid UTF-8\n"
	"is an error naming the file and byte offset (exit status 2); with -o the\n"
	"output file is then neither created nor changed. In HTML, XML and Markdown\n"
	"only readable text is converted; markup, code and URLs stay byte for byte.\n"
	"In a batch one bad file does not stop the run: it is reported and the exit\n"
	"status is 2 at the end.\n";

static int write_out(void *ud, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, (FILE *)ud) != len;
}

/* A buffer for a whole input. A large one asks for huge pages: read into
 * 4 KiB pages, a 15 MB page costs as much in page faults as its
 * conversion takes (the memory is freed with free()). */
static char *read_buffer(size_t cap)
{
	const size_t huge = (size_t)2 << 20;
	void *p = NULL;
	if (cap < 2 * huge || posix_memalign(&p, huge, cap))
		return malloc(cap);
	madvise(p, cap & ~(huge - 1), MADV_HUGEPAGE);
	return p;
}

/* Whether a file changed is told by 64-bit FNV-1a hashes of the input,
 * taken as it is read, and of the output, taken as it is written: documents
 * of any size need no copy, and no input is read twice. */
static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3u;
	return h;
}

typedef struct sink {
	FILE *out;
	uint64_t hash;
	unsigned long long len;
} sink;

static ssize_t sink_write(void *cookie, const char *buf, size_t len)
{
	sink *k = cookie;
	k->hash = fnv(k->hash, buf, len);
	k->len += len;
	return fwrite(buf, 1, len, k->out) == len ? (ssize_t)len : -1;
}

/* Reads the rest of in after the first n bytes of chunk and converts the
 * whole as a document of markup m; read (when not NULL) sums
 * the bytes read. */
static int convert_markup(const conv_args *a, const char *path, const char *name, FILE *in,
                          const char *chunk, size_t n, FILE *out, sink *read)
{
	/* a regular file is read in one allocation */
	struct stat st;
	size_t cap = n + (1 << 16), len = n;
	if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size >= n &&
	    (size_t)st.st_size < TW_DOC_MAX_INPUT)
		cap = (size_t)st.st_size + 1;
	char *data = read_buffer(cap);
	if (!data) {
		die_msg("%s: out of memory", name);
		return -1;
	}
	memcpy(data, chunk, n);
	for (;;) {
		if (len == cap) {
			if (cap >= TW_DOC_MAX_INPUT) {
				die_msg("%s: larger than %zu MiB (byte offset %zu)", name,
				        TW_DOC_MAX_INPUT >> 20, len);
				free(data);
				return -1;
			}
			char *g = realloc(data, cap * 2);
			if (!g) {
				die_msg("%s: out of memory", name);
				free(data);
				return -1;
			}
			data = g;
			cap *= 2;
		}
		size_t r = fread(data + len, 1, cap - len, in);
		len += r;
		if (!r)
			break;
	}
	if (ferror(in)) {
		die_msg("%s: read error: %s", name, strerror(errno));
		free(data);
		return -1;
	}
	if (read) {
		read->hash = fnv(read->hash, data, len);
		read->len += len;
	}
	doc_input d;
	if (doc_decode(&d, name, a->encoding, a->markup, path, data, len))
		return -1;
	tw_config *cfg = NULL;
	int rc = d.markup != TW_MARKUP_TEXT ? load_config(&cfg, path) : 0;
	if (!rc)
		rc = convert_document(a->p, a->profile, name, a->out_encoding, cfg, &d, out);
	tw_config_free(cfg);
	free(d.text);
	return rc;
}

/* Converts one input: plain text through the document stream (bounded
 * memory, directives honoured), other markup through the document layer. */
static int convert_one(const conv_args *a, const char *path, FILE *out, sink *read)
{
	int is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	if (!in) {
		die_msg("%s: %s", name, strerror(errno));
		return -1;
	}
	if (!is_stdin && input_refused(in, name)) {
		fclose(in);
		return -1;
	}
	tw_doc_stream *s = NULL;
	if (tw_doc_stream_new(&s, a->p, write_out, out) ||
	    (a->threads > 1 && tw_doc_stream_set_threads(s, a->threads))) {
		tw_doc_stream_free(s);
		die_msg("out of memory");
		if (!is_stdin)
			fclose(in);
		return -1;
	}
	char chunk[1 << 16];
	size_t n = fread(chunk, 1, sizeof chunk, in);
	tw_error err = {0};
	int rc = 0;
	tw_markup m = markup_for(a->markup, path, chunk, n);
	char sniffed[64];
	/* UTF-8 plain text streams; anything else is read whole */
	if (m != TW_MARKUP_TEXT || !tw_encoding_is_utf8(a->encoding) ||
	    !tw_encoding_is_utf8(a->out_encoding) ||
	    (!a->encoding && tw_encoding_sniff(sniffed, sizeof sniffed, chunk, n, m) &&
	     !tw_encoding_is_utf8(sniffed))) {
		rc = convert_markup(a, path, name, in, chunk, n, out, read);
		tw_doc_stream_free(s);
		if (!is_stdin)
			fclose(in);
		return rc;
	}
	for (; n && !rc; n = rc ? 0 : fread(chunk, 1, sizeof chunk, in)) {
		if (read) {
			read->hash = fnv(read->hash, chunk, n);
			read->len += n;
		}
		rc = tw_doc_stream_feed(s, chunk, n, &err);
	}
	if (!rc && ferror(in)) {
		die_msg("%s: read error: %s", name, strerror(errno));
		rc = -1;
	} else if (!rc) {
		rc = tw_doc_stream_finish(s, &err);
	}
	if (rc > 0 || rc < -1 || (rc == -1 && err.code)) {
		if (err.code == TW_ECALLBACK)
			die_msg("write error: %s", strerror(errno));
		else
			die_msg("%s: %s", name, err.message);
		rc = -1;
	}
	tw_doc_stream_free(s);
	if (!is_stdin)
		fclose(in);
	return rc ? -1 : 0;
}

int convert_file(const conv_args *a, const char *path, FILE *out, int *changed,
                 unsigned long long *bytes)
{
	if (!changed && !bytes)
		return convert_one(a, path, out, NULL);
	sink k = {out, 0xcbf29ce484222325u, 0}, read = {NULL, 0xcbf29ce484222325u, 0};
	cookie_io_functions_t io = {NULL, sink_write, NULL, NULL};
	FILE *w = fopencookie(&k, "w", io);
	if (!w) {
		die_msg("%s: out of memory", path);
		return -1;
	}
	int rc = convert_one(a, path, w, &read);
	if (fclose(w) && !rc) {
		die_msg("%s: write error: %s", path, strerror(errno));
		rc = -1;
	}
	if (changed)
		*changed = rc || read.hash != k.hash || read.len != k.len;
	if (bytes)
		*bytes += rc ? k.len : read.len;
	return rc;
}

static int list_profiles(void)
{
	char **names;
	size_t n;
	tw_error err = {0};
	if (tw_profile_list(&names, &n, NULL, &err)) {
		die_msg("%s", err.message);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s\n", names[i]);
	tw_strings_free(names, n);
	return EXIT_CLEAN;
}

static int is_dir(const char *path)
{
	struct stat st;
	size_t n = strlen(path);
	return (n && path[n - 1] == '/') || (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

typedef struct convert_args {
	const char *profile, *output, *files_from, *jsonl, *encoding, *out_encoding;
	int markup;
	tw_profile_options po;
	batch_options b;
	jsonl_options j;
	int nul, jobs_given;
	char **files;
	size_t nfiles, cap;
} convert_args;

/* Returns -1 to go on, else the exit status. */
static int parse_args(convert_args *a, int argc, char **argv)
{
	static const char *const with_value[] = {
		"-p",       "--profile", "-o",      "--output",   "-j", "--jobs", "--files-from",
		"--other",  "--jsonl",   "--on-error", "-m",      "--markup", "-e", "--encoding",
		"--output-encoding", "--register"};
	int only_files = 0;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i], *v = NULL, *opt = s;
		if (only_files || s[0] != '-' || !s[1]) {
			if (a->nfiles == a->cap)
				return EXIT_USAGE; /* cannot happen: sized for argc */
			a->files[a->nfiles++] = (char *)s;
			continue;
		}
		char name[32];
		const char *eq = !strncmp(s, "--", 2) ? strchr(s, '=') : NULL;
		if (eq && (size_t)(eq - s) < sizeof name) {
			memcpy(name, s, (size_t)(eq - s));
			name[eq - s] = '\0';
			opt = name;
			v = eq + 1;
		}
		int needs = 0;
		for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
			needs |= !strcmp(opt, with_value[k]);
		if (needs && !v) {
			if (i + 1 >= argc) {
				die_msg("convert: %s needs an argument", s);
				return EXIT_USAGE;
			}
			v = argv[++i];
		} else if (!needs && v) {
			die_msg("convert: %s takes no argument", opt);
			return EXIT_USAGE;
		}
		if (!strcmp(opt, "-p") || !strcmp(opt, "--profile")) {
			a->profile = v;
		} else if (!strcmp(opt, "-m") || !strcmp(opt, "--markup")) {
			if ((a->markup = markup_arg(v)) < 0)
				return EXIT_USAGE;
		} else if (!strcmp(opt, "-e") || !strcmp(opt, "--encoding")) {
			if (encoding_arg(v))
				return EXIT_USAGE;
			a->encoding = v;
		} else if (!strcmp(opt, "--output-encoding")) {
			if (encoding_arg(v))
				return EXIT_USAGE;
			a->out_encoding = v;
		} else if (!strcmp(opt, "-o") || !strcmp(opt, "--output")) {
			a->output = v;
		} else if (!strcmp(opt, "-j") || !strcmp(opt, "--jobs")) {
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 256) {
				die_msg("convert: --jobs must be a number from 1 to 256, not '%s'", v);
				return EXIT_USAGE;
			}
			a->b.jobs = (int)n;
			a->jobs_given = 1;
		} else if (!strcmp(opt, "--files-from")) {
			a->files_from = v;
		} else if (!strcmp(opt, "--other")) {
			if (strcmp(v, "copy") && strcmp(v, "skip")) {
				die_msg("convert: --other must be copy or skip, not '%s'", v);
				return EXIT_USAGE;
			}
			a->b.skip_other = !strcmp(v, "skip");
		} else if (!strcmp(opt, "--jsonl")) {
			a->jsonl = v;
		} else if (!strcmp(opt, "--on-error")) {
			if (strcmp(v, "skip") && strcmp(v, "fail")) {
				die_msg("convert: --on-error must be skip or fail, not '%s'", v);
				return EXIT_USAGE;
			}
			a->j.skip_errors = !strcmp(v, "skip");
		} else if (!strcmp(opt, "--line-buffered")) {
			a->j.line_buffered = 1;
		} else if (!strcmp(opt, "-r") || !strcmp(opt, "--recursive")) {
			a->b.recursive = 1;
		} else if (!strcmp(opt, "-0") || !strcmp(opt, "--null")) {
			a->nul = 1;
		} else if (!strcmp(opt, "--no-sync")) {
			a->b.no_sync = 1;
		} else if (!strcmp(opt, "--opencc-only")) {
			a->po.flags |= TW_PROFILE_OPENCC_ONLY;
		} else if (!strcmp(opt, "--register")) {
			a->po.flags &= ~(TW_PROFILE_REGISTER_HK | TW_PROFILE_REGISTER_TW);
			if (!strcmp(v, "hk"))
				a->po.flags |= TW_PROFILE_REGISTER_HK;
			else if (!strcmp(v, "tw"))
				a->po.flags |= TW_PROFILE_REGISTER_TW;
			else if (strcmp(v, "auto")) {
				die_msg("convert: --register must be auto, hk or tw, not '%s'", v);
				return EXIT_USAGE;
			}
		} else if (!strcmp(opt, "--list-profiles")) {
			return list_profiles();
		} else if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			fputs(convert_usage, stdout);
			return EXIT_CLEAN;
		} else if (!strcmp(opt, "--")) {
			only_files = 1;
		} else {
			die_msg("convert: unknown option '%s'", s);
			fputs(convert_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (a->nul && !a->files_from) {
		die_msg("convert: -0 goes with --files-from");
		return EXIT_USAGE;
	}
	if (a->b.recursive && (!a->output || a->files_from)) {
		die_msg("convert: -r IN_DIR needs -o OUT_DIR");
		return EXIT_USAGE;
	}
	return -1;
}

/* One output (stdout or OUT) for all inputs, in turn. Each input is read
 * once, so a pipe or /dev/stdin works with -o; a bad input aborts the
 * temporary file, leaving OUT untouched. */
static int convert_to_one(const conv_args *c, const char *output, char **files, size_t n)
{
	out_file o;
	int rc = out_open(&o, output);
	if (!rc) {
		for (size_t i = 0; i < n && !rc; i++)
			rc = convert_file(c, files[i], o.f, NULL, NULL);
		if (rc)
			out_abort(&o);
		else
			rc = out_commit(&o);
	}
	return rc ? EXIT_USAGE : EXIT_CLEAN;
}

int cmd_convert(int argc, char **argv)
{
	convert_args a = {.profile = "hk2cn", .po = TW_PROFILE_OPTIONS_INIT, .markup = TW_MARKUP_AUTO};
	a.cap = (size_t)argc + 1;
	a.files = calloc(a.cap, sizeof *a.files);
	if (!a.files) {
		die_msg("out of memory");
		return EXIT_USAGE;
	}
	a.b.jobs = default_jobs();
	int status = parse_args(&a, argc, argv);
	size_t from_start = a.nfiles;
	if (status < 0 && a.files_from) {
		/* listed paths are owned (strdup'd) after the command-line ones */
		if (read_list(a.files_from, a.nul, &a.files, &a.nfiles, &a.cap))
			status = EXIT_USAGE;
		else if (a.nfiles == 0) {
			die_msg("%s: no files listed", a.files_from);
			status = EXIT_USAGE;
		}
	}
	tw_profile *p = NULL;
	tw_error err = {0};
	if (status < 0 && tw_profile_open(&p, a.profile, &a.po, &err)) {
		die_msg("%s", err.message);
		status = EXIT_USAGE;
	}
	if (status < 0) {
		if (!a.nfiles)
			a.files[a.nfiles++] = "-";
		/* One output: a long plain-text input is converted on two threads;
		 * a batch's threads take a file each instead. */
		conv_args c = {p, a.profile, a.encoding, a.out_encoding, a.markup, a.b.jobs};
		a.b.conv = &c;
		a.b.progress = isatty(2);
		if (a.jsonl) {
			a.j.profile = p;
			a.j.fields = a.jsonl;
			status = convert_jsonl(&a.j, (const char *const *)a.files, a.nfiles, a.output);
		} else if (a.b.recursive || a.files_from || (a.output && is_dir(a.output)) ||
		           (!a.output && a.jobs_given && a.nfiles > 1)) {
			a.b.out_dir = a.output;
			c.threads = 1;
			status = convert_batch(&a.b, (const char *const *)a.files, a.nfiles);
		} else {
			status = convert_to_one(&c, a.output, a.files, a.nfiles);
		}
	}
	tw_profile_free(p);
	for (size_t i = from_start; i < a.nfiles; i++)
		if (a.files_from)
			free(a.files[i]);
	free(a.files);
	return status;
}
