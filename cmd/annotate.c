/* tongwen annotate [-p PROFILE] [-o OUT] [--target cn|hk|tw] FILE */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tongwen/xml.h"

static const char annotate_usage[] =
	"usage: tongwen annotate [-p PROFILE] [-o OUT] [--target cn|hk|tw] [--markup M]\n"
	"                        [--encoding E] FILE|-\n"
	"\n"
	"  -p, --profile NAME|PATH  OpenCC JSON profile (default hk2cn)\n"
	"  -o, --output OUT         write to OUT through a temporary file renamed\n"
	"                           into place (default: standard output)\n"
	"  -t, --target REGION      region the converted text is checked for\n"
	"                           (default from the profile: …2hk hk, …2tw tw,\n"
	"                           otherwise cn)\n"
	"  -m, --markup M           auto, text, html, xml or markdown (default auto)\n"
	"  -e, --encoding E         input encoding (iconv name; default: a byte order\n"
	"                           mark or the document's declaration, else UTF-8)\n"
	"\n"
	"Converts FILE, checks the converted text and writes one annotated XML\n"
	"document: the converted text with every change and its original, and the\n"
	"findings with positions in the target and the source (docs/xml.md; schema\n"
	"tongwen.rng in the data directory). Invalid UTF-8 is an error naming the\n"
	"byte offset (exit status 2) and no output is written. The document is\n"
	"written as it is made, never held whole in memory.\n";

typedef struct annotate_args {
	const char *profile, *output, *file;
	int target; /* -1: from the profile */
	int markup;
	const char *encoding;
} annotate_args;

/* Returns -1 to go on, else the exit status. */
static int parse_args(annotate_args *a, int argc, char **argv)
{
	int only_files = 0;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i], *v = NULL;
		char opt = 0;
		if (!only_files && (!strcmp(s, "-p") || !strcmp(s, "--profile") || !strcmp(s, "-o") ||
		                    !strcmp(s, "--output") || !strcmp(s, "-t") || !strcmp(s, "--target"))) {
			if (i + 1 >= argc) {
				die_msg("annotate: %s needs an argument", s);
				return EXIT_USAGE;
			}
			opt = s[1] == '-' ? s[2] : s[1];
			v = argv[++i];
		} else if (!only_files && !strncmp(s, "--profile=", 10)) {
			opt = 'p', v = s + 10;
		} else if (!only_files && !strncmp(s, "--output=", 9)) {
			opt = 'o', v = s + 9;
		} else if (!only_files && !strncmp(s, "--target=", 9)) {
			opt = 't', v = s + 9;
		} else if (!only_files && (!strcmp(s, "-m") || !strcmp(s, "--markup"))) {
			if (i + 1 >= argc) {
				die_msg("annotate: %s needs an argument", s);
				return EXIT_USAGE;
			}
			if ((a->markup = markup_arg(argv[++i])) < 0)
				return EXIT_USAGE;
			continue;
		} else if (!only_files && (!strcmp(s, "-e") || !strcmp(s, "--encoding"))) {
			if (i + 1 >= argc) {
				die_msg("annotate: %s needs an argument", s);
				return EXIT_USAGE;
			}
			if (encoding_arg(a->encoding = argv[++i]))
				return EXIT_USAGE;
			continue;
		} else if (!only_files && !strncmp(s, "--encoding=", 11)) {
			if (encoding_arg(a->encoding = s + 11))
				return EXIT_USAGE;
			continue;
		} else if (!only_files && !strncmp(s, "--markup=", 9)) {
			if ((a->markup = markup_arg(s + 9)) < 0)
				return EXIT_USAGE;
			continue;
		} else if (!only_files && (!strcmp(s, "--help") || !strcmp(s, "-h"))) {
			fputs(annotate_usage, stdout);
			return EXIT_CLEAN;
		} else if (!only_files && !strcmp(s, "--")) {
			only_files = 1;
			continue;
		} else if (!only_files && s[0] == '-' && s[1]) {
			die_msg("annotate: unknown option '%s'", s);
			fputs(annotate_usage, stderr);
			return EXIT_USAGE;
		} else if (a->file) {
			die_msg("annotate: one input file at a time ('%s' and '%s')", a->file, s);
			return EXIT_USAGE;
		} else {
			a->file = s;
			continue;
		}
		if (opt == 'p') {
			a->profile = v;
		} else if (opt == 'o') {
			a->output = v;
		} else if ((a->target = tw_target_parse(v)) < 0) {
			die_msg("annotate: --target must be cn, hk or tw, not '%s'", v);
			return EXIT_USAGE;
		}
	}
	if (!a->file) {
		die_msg("annotate: no input file");
		fputs(annotate_usage, stderr);
		return EXIT_USAGE;
	}
	return -1;
}

static int put(void *ud, const char *data, size_t len)
{
	return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

/* Converts and checks, then writes the document to a's output as it is
 * made: din held whole, or (din NULL) the large plain text in big, in
 * pieces (cmd/annotate_big.c). Prints its errors; an input error writes
 * nothing. */
static int build(const annotate_args *a, const char *name, const doc_input *din, FILE *big)
{
	static const doc_input plain = {NULL, 0, TW_MARKUP_TEXT, "UTF-8"};
	if (!din)
		din = &plain;
	const char *in = din->text;
	size_t len = din->len;
	tw_profile *p = NULL;
	tw_document *doc = NULL;
	tw_doc_options dopt = TW_DOC_OPTIONS_INIT;
	tw_doc_convert_options copt = TW_DOC_CONVERT_OPTIONS_INIT;
	copt.lang = tw_target_lang(profile_target(a->profile));
	if (!tw_encoding_is_utf8(din->encoding))
		copt.charset = "UTF-8"; /* the annotated text is UTF-8 */
	dopt.markup = din->markup;
	tw_lexicon *lex = NULL;
	tw_findings *f = NULL;
	tw_span *spans = NULL;
	char *out = NULL;
	size_t out_len, n_spans;
	tw_error err = {0};
	int rc = -1;
	tw_check_options co = TW_CHECK_OPTIONS_INIT;
	co.target = a->target >= 0 ? (tw_target)a->target : profile_target(a->profile);
	tw_xml_options xo = TW_XML_OPTIONS_INIT;
	xo.profile = a->profile;
	xo.target = co.target;
	xo.name = name;
	xo.markup = tw_markup_name(dopt.markup);
	if (tw_profile_open(&p, a->profile, NULL, &err))
		die_msg("%s", err.message);
	else if (big && tw_lexicon_open(&lex, NULL, &err))
		die_msg("%s", err.message);
	else if (big)
		rc = 0;
	else if (tw_doc_parse(&doc, in, len, &dopt, &err))
		die_msg("%s: %s", name, err.message);
	else if (tw_doc_convert(&out, &out_len, &spans, &n_spans, doc, p, &copt, &err))
		die_msg("%s: %s", name, err.message);
	else if (tw_lexicon_open(&lex, NULL, &err))
		die_msg("%s", err.message);
	/* the converted document is checked as a document of the same markup */
	else if (tw_check_document(&f, lex, out, out_len, &dopt, &co, &err))
		die_msg("%s: %s", name, err.message);
	else
		rc = 0;
	out_file o;
	if (!rc && big && !(rc = out_open(&o, a->output))) {
		if (annotate_big(p, &copt, lex, &co, a->file, big, name,
		                 &xo, o.f)) {
			out_abort(&o);
			rc = -1;
		} else {
			rc = out_commit(&o);
		}
	} else if (!rc && !(rc = out_open(&o, a->output))) {
		if (tw_xml_write(put, o.f, in, len, out, out_len, spans, n_spans, f, &xo, &err)) {
			if (err.code == TW_ECALLBACK)
				die_msg("%s: write error", a->output ? a->output : "<stdout>");
			else
				die_msg("%s: %s", name, err.message);
			out_abort(&o);
			rc = -1;
		} else {
			rc = out_commit(&o);
		}
	}
	tw_findings_free(f);
	tw_lexicon_free(lex);
	tw_free(spans);
	tw_free(out);
	tw_doc_free(doc);
	tw_profile_free(p);
	return rc;
}

/* Reads a spooled standard input back whole (and closes it). */
static int read_spool(FILE *f, char **data, size_t *len)
{
	long size = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	*data = NULL;
	if (size < 0 || fseek(f, 0, SEEK_SET) || !(*data = malloc((size_t)size + 1))) {
		die_msg("<stdin>: cannot read it back from a temporary file: %s",
		        size < 0 ? strerror(errno) : "out of memory");
		fclose(f);
		return -1;
	}
	*len = fread(*data, 1, (size_t)size, f);
	int bad = *len != (size_t)size || ferror(f);
	fclose(f);
	if (bad) {
		die_msg("<stdin>: cannot read it back from a temporary file");
		free(*data);
		return -1;
	}
	(*data)[*len] = '\0';
	return 0;
}

int cmd_annotate(int argc, char **argv)
{
	annotate_args a = {"hk2cn", NULL, NULL, -1, TW_MARKUP_AUTO, NULL};
	int status = parse_args(&a, argc, argv);
	if (status >= 0)
		return status;
	const char *name = strcmp(a.file, "-") ? a.file : "<stdin>";
	char *raw;
	size_t raw_len;
	doc_input in;
	FILE *spool = NULL;
	int is_stdin = !strcmp(a.file, "-"), rc;
	/* A large plain UTF-8 text is annotated in pieces, never held whole;
	 * standard input goes through a temporary file for the passes. */
	if (!is_stdin && annotate_big_wanted(a.file, NULL, a.markup, a.encoding)) {
		FILE *f = fopen(a.file, "rb");
		if (!f) {
			die_msg("%s: %s", name, strerror(errno));
			return EXIT_USAGE;
		}
		rc = build(&a, name, NULL, f);
		fclose(f);
		return rc ? EXIT_USAGE : EXIT_CLEAN;
	}
	if (is_stdin) {
		if (check_read_stdin(&spool, &raw, &raw_len, a.markup, a.encoding, 1))
			return EXIT_USAGE;
		if (spool && annotate_big_wanted(NULL, spool, a.markup, a.encoding)) {
			rc = build(&a, name, NULL, spool);
			fclose(spool);
			return rc ? EXIT_USAGE : EXIT_CLEAN;
		}
		if (spool && read_spool(spool, &raw, &raw_len))
			return EXIT_USAGE;
	} else if (slurp(a.file, &raw, &raw_len)) {
		return EXIT_USAGE;
	}
	/* Before anything else, so that a bad input never creates the output. */
	if (doc_decode(&in, name, a.encoding, a.markup, a.file, raw, raw_len))
		return EXIT_USAGE;
	rc = build(&a, name, &in, NULL);
	free(in.text);
	return rc ? EXIT_USAGE : EXIT_CLEAN;
}
