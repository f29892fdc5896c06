/* tongwen convert [-p PROFILE] [-o OUT] [FILE…|-] */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char convert_usage[] =
	"usage: tongwen convert [-p PROFILE] [-o OUT] [--markup M] [--encoding E]\n"
	"                       [--output-encoding E] [FILE…|-]\n"
	"       tongwen convert --list-profiles\n"
	"\n"
	"  -p, --profile NAME|PATH  OpenCC JSON profile (default hk2cn)\n"
	"  -o, --output OUT         write to OUT through a temporary file renamed\n"
	"                           into place (default: standard output)\n"
	"  -m, --markup M           auto, text, html, xml or markdown (default auto:\n"
	"                           by extension; standard input by content)\n"
	"  -e, --encoding E         input encoding (iconv name: big5-hkscs, big5,\n"
	"                           gb18030, gbk, utf-16 …; default: a byte order\n"
	"                           mark or the document's declaration, else UTF-8)\n"
	"  --output-encoding E      output encoding (default UTF-8)\n"
	"  --list-profiles          list the profiles available by name\n"
	"  --opencc-only            convert without tongwen's own layers (name guard,\n"
	"                           normalisation): exactly as stock OpenCC does\n"
	"\n"
	"Input files are read in turn (\"-\" or none: standard input). Invalid UTF-8\n"
	"is an error naming the file and byte offset (exit status 2); with -o the\n"
	"output file is then neither created nor changed. In HTML, XML and Markdown\n"
	"only readable text is converted; markup, code and URLs stay byte for byte.\n";

static int write_out(void *ud, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, (FILE *)ud) != len;
}

/* Reads the rest of in after the first n bytes of chunk and converts the
 * whole as a document of markup m. */
typedef struct conv_args {
	const tw_profile *p;
	const char *profile, *encoding, *out_encoding;
	int markup;
} conv_args;

static int convert_markup(const conv_args *a, const char *path, const char *name, FILE *in,
                          const char *chunk, size_t n, FILE *out)
{
	/* a regular file is read in one allocation */
	struct stat st;
	size_t cap = n + (1 << 16), len = n;
	if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size >= n &&
	    (size_t)st.st_size < TW_DOC_MAX_INPUT)
		cap = (size_t)st.st_size + 1;
	char *data = malloc(cap);
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
static int convert_one(const conv_args *a, const char *path, FILE *out)
{
	int is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	if (!in) {
		die_msg("%s: %s", name, strerror(errno));
		return -1;
	}
	tw_doc_stream *s;
	if (tw_doc_stream_new(&s, a->p, write_out, out)) {
		die_msg("out of memory");
		if (!is_stdin)
			fclose(in);
		return -1;
	}
	static char chunk[1 << 16];
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
		rc = convert_markup(a, path, name, in, chunk, n, out);
		tw_doc_stream_free(s);
		if (!is_stdin)
			fclose(in);
		return rc;
	}
	if (n)
		rc = tw_doc_stream_feed(s, chunk, n, &err);
	while (!rc && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
		rc = tw_doc_stream_feed(s, chunk, n, &err);
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

int cmd_convert(int argc, char **argv)
{
	const char *profile = "hk2cn", *output = NULL;
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	int markup = TW_MARKUP_AUTO;
	const char *encoding = NULL, *out_encoding = NULL;
	const char **files = calloc((size_t)argc + 1, sizeof *files);
	size_t nfiles = 0;
	if (!files) {
		die_msg("out of memory");
		return EXIT_USAGE;
	}
	int only_files = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_files && (!strcmp(a, "-m") || !strcmp(a, "--markup") ||
		                    !strncmp(a, "--markup=", 9))) {
			const char *v = a[1] == '-' && a[8] == '=' ? a + 9 : i + 1 < argc ? argv[++i] : NULL;
			if (!v)
				die_msg("%s needs an argument", a);
			if (!v || (markup = markup_arg(v)) < 0) {
				free(files);
				return EXIT_USAGE;
			}
		} else if (!only_files && (!strcmp(a, "-e") || !strcmp(a, "--encoding") ||
		                           !strcmp(a, "--output-encoding") ||
		                           !strncmp(a, "--encoding=", 11) ||
		                           !strncmp(a, "--output-encoding=", 18))) {
			const char *eq = strchr(a, '=');
			const char *v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!v)
				die_msg("%s needs an argument", a);
			if (!v || encoding_arg(v)) {
				free(files);
				return EXIT_USAGE;
			}
			if (!strncmp(a, "--output", 8))
				out_encoding = v;
			else
				encoding = v;
		} else if (!only_files && (!strcmp(a, "-p") || !strcmp(a, "--profile") || !strcmp(a, "-o") ||
		                    !strcmp(a, "--output"))) {
			if (i + 1 >= argc) {
				die_msg("%s needs an argument", a);
				free(files);
				return EXIT_USAGE;
			}
			if (a[1] == 'p' || a[2] == 'p')
				profile = argv[++i];
			else
				output = argv[++i];
		} else if (!only_files && !strncmp(a, "--profile=", 10)) {
			profile = a + 10;
		} else if (!only_files && !strncmp(a, "--output=", 9)) {
			output = a + 9;
		} else if (!only_files && !strcmp(a, "--opencc-only")) {
			po.flags |= TW_PROFILE_OPENCC_ONLY;
		} else if (!only_files && !strcmp(a, "--list-profiles")) {
			free(files);
			return list_profiles();
		} else if (!only_files && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			fputs(convert_usage, stdout);
			free(files);
			return EXIT_CLEAN;
		} else if (!only_files && !strcmp(a, "--")) {
			only_files = 1;
		} else if (!only_files && a[0] == '-' && a[1]) {
			die_msg("convert: unknown option '%s'", a);
			fputs(convert_usage, stderr);
			free(files);
			return EXIT_USAGE;
		} else {
			files[nfiles++] = a;
		}
	}
	if (!nfiles)
		files[nfiles++] = "-";
	tw_profile *p;
	tw_error err = {0};
	if (tw_profile_open(&p, profile, &po, &err)) {
		die_msg("%s", err.message);
		free(files);
		return EXIT_USAGE;
	}
	int rc = 0;
	conv_args ca = {p, profile, encoding, out_encoding, markup};
	out_file o;
	if (!rc)
		rc = out_open(&o, output);
	if (!rc) {
		for (size_t i = 0; i < nfiles && !rc; i++)
			rc = convert_one(&ca, files[i], o.f);
		if (rc)
			out_abort(&o);
		else
			rc = out_commit(&o);
	}
	tw_profile_free(p);
	free(files);
	return rc ? EXIT_USAGE : EXIT_CLEAN;
}
