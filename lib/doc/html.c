/* A scanner for HTML (HTML5 tokenization rules) and XML that keeps every
 * byte's position: tags and attributes are read in place and the readable
 * parts recorded as runs. Only the element stack is kept, enough to know
 * which text is inside code, a skipped element or, in news XML, a readable
 * element; no tree is built, so any nesting depth costs one stack entry. */
#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"

enum vocab { V_HTML, V_XML, V_NITF, V_NEWSML };

typedef struct element {
	const char *name;
	size_t len;
	unsigned char skip;    /* content is left alone */
	unsigned char convert; /* XML: text content is readable */
	unsigned char html;    /* HTML semantics (HTML, XHTML inside XML) */
	unsigned char held;    /* left alone by the user's choice (translate="no", a skip
	                        * class or element), not only as NITF metadata */
	unsigned char keyword; /* NITF <key-list><keyword>: its key is readable */
} element;

typedef struct attr {
	size_t name, name_len, value, value_len; /* value_len 0 and value 0: none */
	unsigned kind;                           /* A_* */
} attr;

/* What the scanner needs to know of an element or attribute name, looked
 * up once per tag and attribute in sorted tables. */
enum {
	E_CODE = 1, E_RAW = 2, E_VOID = 4, E_RCDATA = 8, E_PLAINTEXT = 16, E_META = 32
};
enum {
	A_READABLE = 1, A_URL, A_LANG, A_CHARSET, A_CONTENT, A_CLASS, A_TRANSLATE, A_NAME, A_PROPERTY
};
typedef struct name_kind {
	const char *name;
	unsigned char len;
	unsigned kind;
} name_kind;
#define NK(name, kind) {name, sizeof name - 1, kind}

/* In order of length (index_lengths): a name is compared only with the
 * names of its length. */
static const name_kind element_kinds[] = {
	NK("br", E_VOID), NK("hr", E_VOID), NK("col", E_VOID), NK("img", E_VOID),
	NK("kbd", E_CODE), NK("pre", E_CODE), NK("var", E_CODE), NK("wbr", E_VOID),
	NK("xmp", E_RAW), NK("area", E_VOID), NK("base", E_VOID), NK("code", E_CODE),
	NK("link", E_VOID), NK("meta", E_VOID | E_META), NK("samp", E_CODE),
	NK("embed", E_VOID), NK("input", E_VOID), NK("param", E_VOID),
	NK("style", E_CODE | E_RAW), NK("title", E_RCDATA), NK("track", E_VOID),
	NK("iframe", E_RAW), NK("script", E_CODE | E_RAW), NK("source", E_VOID),
	NK("noembed", E_RAW), NK("noframes", E_RAW), NK("noscript", E_RAW),
	NK("template", E_CODE), NK("textarea", E_RCDATA), NK("plaintext", E_PLAINTEXT),
};
static const name_kind attr_kinds[] = {
	NK("alt", A_READABLE), NK("src", A_URL), NK("cite", A_URL), NK("data", A_URL),
	NK("href", A_URL), NK("lang", A_LANG), NK("name", A_NAME), NK("ping", A_URL),
	NK("class", A_CLASS), NK("label", A_READABLE), NK("title", A_READABLE),
	NK("action", A_URL), NK("poster", A_URL), NK("srcset", A_URL),
	NK("charset", A_CHARSET), NK("content", A_CONTENT), NK("baselang", A_LANG),
	NK("longdesc", A_URL), NK("manifest", A_URL), NK("property", A_PROPERTY),
	NK("xml:lang", A_LANG), NK("translate", A_TRANSLATE), NK("aria-label", A_READABLE),
	NK("background", A_URL), NK("formaction", A_URL), NK("xlink:href", A_URL),
	NK("placeholder", A_READABLE), NK("aria-description", A_READABLE),
};

#define N_ELEMENT_KINDS (sizeof element_kinds / sizeof element_kinds[0])
#define N_ATTR_KINDS (sizeof attr_kinds / sizeof attr_kinds[0])
#define NAME_MAX_LEN 24 /* longer names are none of the above */

/* Where the names of each length start in a table sorted by length:
 * names of length n are t[at[n]] .. t[at[n + 1] - 1]. */
static void index_lengths(const name_kind *t, size_t count, unsigned char at[NAME_MAX_LEN + 1])
{
	size_t i = 0;
	for (size_t n = 0; n <= NAME_MAX_LEN; n++) {
		while (i < count && t[i].len < n)
			i++;
		at[n] = (unsigned char)i;
	}
}

/* The name before a NUL, lower-cased (HTML) or exactly (XML, where an
 * upper-case letter anywhere means no kind): the rare case of a name
 * holding a NUL, which ends it as it would a C string. */
static unsigned kind_before_nul(int xml, const char *n, size_t len, const name_kind *t,
                                size_t count)
{
	char low[NAME_MAX_LEN];
	size_t k = len;
	for (size_t i = 0; i < len; i++) {
		char c = n[i];
		if (c >= 'A' && c <= 'Z') {
			if (xml)
				return 0;
			c = (char)(c + 32);
		}
		if (!c && k == len)
			k = i;
		low[i] = c;
	}
	for (size_t i = 0; i < count; i++)
		if (t[i].len == k && !memcmp(low, t[i].name, k))
			return t[i].kind;
	return 0;
}

/* The kind of a name: case-insensitively in HTML, exactly in XML. Called
 * for every tag and attribute, so only the names of its length are
 * compared, first byte first, without a lower-cased copy. */
static unsigned kind_of(int xml, const char *n, size_t len, const name_kind *t, size_t count,
                        const unsigned char *at)
{
	if (!len || len >= NAME_MAX_LEN)
		return 0;
	for (size_t i = at[len]; i < at[len + 1]; i++) {
		const char *w = t[i].name;
		size_t j = 0;
		for (; j < len; j++) {
			char c = n[j];
			if (!xml && c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			if (c != w[j])
				break;
		}
		if (j == len)
			return t[i].kind;
	}
	return memchr(n, '\0', len) ? kind_before_nul(xml, n, len, t, count) : 0;
}
#define ELEMENT_KIND(s, n, len) kind_of((s)->xml, n, len, element_kinds, N_ELEMENT_KINDS, (s)->element_at)
#define ATTR_KIND(s, n, len) kind_of((s)->xml, n, len, attr_kinds, N_ATTR_KINDS, (s)->attr_at)

struct html_state {
	int xml;
	enum vocab vocab;
	int have_root;
	element *stack;
	size_t depth, cap;
	attr *attrs;
	size_t n_attrs, cap_attrs;
	unsigned char element_at[NAME_MAX_LEN + 1], attr_at[NAME_MAX_LEN + 1];
};

html_state *html_state_new(int xml)
{
	html_state *s = calloc(1, sizeof *s);
	if (s) {
		s->xml = xml;
		s->vocab = xml ? V_XML : V_HTML;
		index_lengths(element_kinds, N_ELEMENT_KINDS, s->element_at);
		index_lengths(attr_kinds, N_ATTR_KINDS, s->attr_at);
	}
	return s;
}

void html_state_free(html_state *s)
{
	if (!s)
		return;
	free(s->stack);
	free(s->attrs);
	free(s);
}

/* Byte classes for the scanner's inner loops: one load a byte. */
enum { B_SPACE = 1, B_NAME_END = 2 /* ends a tag name */, B_ATTR_END = 4 /* an attribute name */ };
static const unsigned char byte_class[256] = {
	[' '] = 7, ['\t'] = 7, ['\n'] = 7, ['\r'] = 7, ['\f'] = 7, ['/'] = 6, ['>'] = 6, ['='] = 4,
};

static int is_space(char c)
{
	return byte_class[(unsigned char)c] & B_SPACE;
}

/* ASCII case-insensitive equality of a[0..n) and b[0..n). */
static int ieq_n(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + 32);
		if (x != y)
			return 0;
	}
	return 1;
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == ':';
}

static const char *find_ci(const char *p, const char *end, const char *w)
{
	size_t k = strlen(w);
	for (; p + k <= end; p++)
		if (ieq_n(p, w, k))
			return p;
	return NULL;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Names compare case-insensitively in HTML, exactly in XML; w is lower case. */
static int name_is(const html_state *s, const char *n, size_t len, const char *w)
{
	/* most comparisons fail on the first byte */
	if (!len || ((unsigned char)n[0] | 0x20) != (unsigned char)w[0])
		return 0;
	if (s->xml)
		return strlen(w) == len && !memcmp(n, w, len);
	return ascii_ieq(n, len, w);
}

static int name_in(const html_state *s, const char *n, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (name_is(s, n, len, *list))
			return 1;
	return 0;
}

/* Local part of an XML name (after the prefix). */
static const char *local_name(const char *n, size_t *len)
{
	const char *colon = memchr(n, ':', *len);
	if (colon) {
		*len -= (size_t)(colon + 1 - n);
		return colon + 1;
	}
	return n;
}

static const char *find(const char *p, const char *end, const char *w)
{
	size_t k = strlen(w);
	for (; p + k <= end; p++) {
		p = memchr(p, w[0], (size_t)(end - p));
		if (!p || p + k > end)
			return NULL;
		if (!memcmp(p, w, k))
			return p;
	}
	return NULL;
}

static const char *const code_elements[] = {"code", "pre", "kbd", "samp", "var", "template",
                                            "script", "style", NULL};
static const char *const meta_names[] = {"description", "keywords", "og:title",
                                         "og:description", "twitter:title",
                                         "twitter:description", NULL};
/* NewsML-G2: the readable elements; everything else is metadata. */
static const char *const newsml_readable[] = {"headline", "subheadline", "slugline",
                                              "description", "keyword", "by", "creditline",
                                              "dateline", "title", "inlineData", NULL};
static const char *const newsml_roots[] = {"newsItem", "newsMessage", "packageItem",
                                           "conceptItem", "knowledgeItem", "planningItem", NULL};
/* NITF: all text is readable except document metadata. */
static const char *const nitf_skip[] = {"docdata", "pubdata", "tobject", "iim", NULL};

static int xml_name_in(const char *n, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == len && !memcmp(n, *list, len))
			return 1;
	return 0;
}

static int opt_has(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; list && i < n; i++)
		if (list[i] && strlen(list[i]) == len && !memcmp(list[i], s, len))
			return 1;
	return 0;
}

static const attr *get_attr(const html_state *s, unsigned kind)
{
	for (size_t i = 0; i < s->n_attrs; i++)
		if (s->attrs[i].kind == kind)
			return &s->attrs[i];
	return NULL;
}

/* Whether the class attribute lists a class to skip. */
static int has_skip_class(const tw_document *d, const attr *a)
{
	static const char *const dflt[] = {"notranslate"};
	const char *const *list = d->opts->skip_classes ? d->opts->skip_classes : dflt;
	size_t n = d->opts->skip_classes ? d->opts->n_skip_classes : 1;
	const char *v = d->data + a->value, *end = v + a->value_len;
	while (v < end) {
		while (v < end && is_space(*v))
			v++;
		const char *w = v;
		while (v < end && !is_space(*v))
			v++;
		if (v > w && opt_has(list, n, w, (size_t)(v - w)))
			return 1;
	}
	return 0;
}

static int push(html_state *s, element e)
{
	if (s->depth == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		element *g = realloc(s->stack, cap * sizeof *g);
		if (!g)
			return TW_ENOMEM;
		s->stack = g;
		s->cap = cap;
	}
	s->stack[s->depth++] = e;
	return TW_OK;
}

static int add_attr(html_state *s, attr a)
{
	if (s->n_attrs == s->cap_attrs) {
		size_t cap = s->cap_attrs ? s->cap_attrs * 2 : 16;
		attr *g = realloc(s->attrs, cap * sizeof *g);
		if (!g)
			return TW_ENOMEM;
		s->attrs = g;
		s->cap_attrs = cap;
	}
	s->attrs[s->n_attrs++] = a;
	return TW_OK;
}

/* Reads the attributes of a start tag from p; returns the position after
 * '>', or NULL if the tag is not terminated. *self_closing for "/>". */
static const char *read_attrs(html_state *s, const char *data, const char *p, const char *end,
                              int *self_closing, int *oom)
{
	s->n_attrs = 0;
	*self_closing = 0;
	for (;;) {
		while (p < end && (is_space(*p) || *p == '/')) {
			if (*p == '/' && p + 1 < end && p[1] == '>') {
				*self_closing = 1;
				return p + 2;
			}
			p++;
		}
		if (p >= end)
			return NULL;
		if (*p == '>')
			return p + 1;
		attr a = {0};
		const char *n = p++;
		while (p < end && !(byte_class[(unsigned char)*p] & B_ATTR_END))
			p++;
		a.name = (size_t)(n - data);
		a.name_len = (size_t)(p - n);
		const char *q = p;
		while (q < end && is_space(*q))
			q++;
		if (q < end && *q == '=') {
			q++;
			while (q < end && is_space(*q))
				q++;
			if (q >= end)
				return NULL;
			if (*q == '"' || *q == '\'') {
				const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
				if (!close)
					return NULL;
				a.value = (size_t)(q + 1 - data);
				a.value_len = (size_t)(close - q - 1);
				p = close + 1;
			} else {
				const char *v = q;
				while (q < end && !is_space(*q) && *q != '>')
					q++;
				a.value = (size_t)(v - data);
				a.value_len = (size_t)(q - v);
				p = q;
			}
		}
		a.kind = ATTR_KIND(s, n, a.name_len);
		if (add_attr(s, a)) {
			*oom = 1;
			return NULL;
		}
	}
}

/* Chooses the XML vocabulary from the root element. */
static void set_vocab(html_state *s, const char *n, size_t len)
{
	s->have_root = 1;
	n = local_name(n, &len);
	if (len == 4 && !memcmp(n, "nitf", 4))
		s->vocab = V_NITF;
	else if (xml_name_in(n, len, newsml_roots))
		s->vocab = V_NEWSML;
}

/* Does the element begin a story of its own: an RSS item, an Atom entry,
 * a NewsML-G2 newsItem, an HTML or XHTML article? A feed or a front page
 * holds many stories, and a conversion call stops at each (RUN_STORY). */
static int story_element(const html_state *s, const char *n, size_t len)
{
	static const char *const stories[] = {"item", "entry", "newsItem", "article", NULL};
	if (!s->xml)
		return ascii_ieq(n, len, "article");
	size_t ll = len;
	const char *local = local_name(n, &ll);
	return xml_name_in(local, ll, stories);
}

/* The flags of a new element and the roles of its attributes. */
static element open_element(tw_document *d, html_state *s, const char *n, size_t len,
                            unsigned kind, int *attrs_skip)
{
	element parent = s->depth ? s->stack[s->depth - 1]
	                          : (element){NULL, 0, 0, (unsigned char)(s->vocab != V_NEWSML),
	                                      (unsigned char)!s->xml, 0, 0};
	element e = parent;
	e.name = n;
	e.len = len;
	e.keyword = 0;
	int held = e.held;
	size_t ll = len;
	const char *local = s->xml ? local_name(n, &ll) : n;
	if (s->xml) {
		if (s->vocab == V_NEWSML && ll == 9 && !memcmp(local, "inlineXML", 9))
			e.html = 1, e.convert = 1;
		else if (s->vocab == V_NEWSML && xml_name_in(local, ll, newsml_readable))
			e.convert = 1;
		else if (s->vocab == V_NITF && xml_name_in(local, ll, nitf_skip))
			e.skip = 1;
		else if (!s->depth && ll == 4 && !memcmp(local, "html", 4))
			e.html = 1;
		if (opt_has(d->opts->skip_elements, d->opts->n_skip_elements, local, ll))
			e.skip = 1, held = 1;
		/* the keywords of NITF's docdata are words a reader sees (in
		 * search, tags), unlike the rest of its metadata */
		if (s->vocab == V_NITF && ll == 7 && !memcmp(local, "keyword", 7) && s->depth) {
			size_t pl = parent.len;
			const char *pn = local_name(parent.name, &pl);
			e.keyword = pl == 8 && !memcmp(pn, "key-list", 8);
		}
	}
	int skip = e.skip;
	const attr *t = get_attr(s, A_TRANSLATE);
	if (t && ascii_ieq(d->data + t->value, t->value_len, "no"))
		skip = 1, held = 1;
	else if (t && ascii_ieq(d->data + t->value, t->value_len, "yes"))
		skip = 0, held = 0;
	const attr *c = get_attr(s, A_CLASS);
	if (c && has_skip_class(d, c))
		skip = 1, held = 1;
	*attrs_skip = skip;
	if (e.html && (s->xml ? xml_name_in(local, ll, code_elements) : (kind & E_CODE) != 0))
		skip = 1, held = 1;
	e.skip = (unsigned char)skip;
	e.held = (unsigned char)held;
	return e;
}

static void emit_attrs(tw_document *d, html_state *s, const element *e, unsigned kind, int skip)
{
	int is_meta = e->html && (kind & E_META);
	const attr *mn = is_meta ? get_attr(s, A_NAME) : NULL;
	if (is_meta && !mn)
		mn = get_attr(s, A_PROPERTY);
	int meta_readable = mn && name_in(s, d->data + mn->value, mn->value_len, meta_names);
	for (size_t i = 0; i < s->n_attrs; i++) {
		const attr *a = &s->attrs[i];
		const char *cs;
		const char *an = d->data + a->name, *v = d->data + a->value;
		size_t al = a->name_len, local_len = al;
		const char *local = s->xml ? local_name(an, &local_len) : an;
		if (!a->value_len)
			continue;
		tw_role role = TW_ROLE_MARKUP;
		int nitf_key = 0;
		if (is_meta && a->kind == A_CHARSET) {
			doc_add(d, a->value, a->value_len, TW_ROLE_CHARSET, 0);
			continue;
		}
		if (is_meta && a->kind == A_CONTENT && (cs = find_ci(v, v + a->value_len, "charset="))) {
			size_t k = 0, o = (size_t)(cs + 8 - d->data);
			while (o + k < a->value + a->value_len && is_name_char(d->data[o + k]))
				k++;
			doc_add(d, o, k, TW_ROLE_CHARSET, 0);
			continue;
		}
		if (a->kind == A_LANG) {
			/* in XML, only where the text is converted (or on the root):
			 * a metadata label stays labelled as what it is */
			if (lang_is_chinese_variant(v, a->value_len) &&
			    (!s->xml || !s->depth || (e->convert && !e->skip)) &&
			    (e->html || !ascii_ieq(an, al, "baselang") || s->vocab == V_NITF))
				role = TW_ROLE_LANG;
		} else if (e->html && (a->kind == A_URL || (al > 5 && ascii_ieq(an, 5, "data-")))) {
			role = TW_ROLE_URL;
		} else if (e->html && a->kind == A_READABLE) {
			/* a title holding a URL is a link, not prose (as MediaWiki) */
			if (!find(v, v + a->value_len, "://"))
				role = TW_ROLE_ATTRIBUTE;
		} else if (meta_readable && a->kind == A_CONTENT) {
			role = TW_ROLE_ATTRIBUTE;
		} else if (e->keyword && local_len == 3 && !memcmp(local, "key", 3)) {
			role = TW_ROLE_ATTRIBUTE;
			nitf_key = !e->held; /* converted inside docdata too */
		} else if (s->xml && opt_has(d->opts->convert_attributes,
		                             d->opts->n_convert_attributes, local, local_len)) {
			role = TW_ROLE_ATTRIBUTE;
		}
		if (skip && role != TW_ROLE_URL && !nitf_key)
			role = TW_ROLE_MARKUP;
		if (role != TW_ROLE_MARKUP)
			doc_add(d, a->value, a->value_len, role, 0);
	}
}

static void pop_to(html_state *s, const char *n, size_t len)
{
	for (size_t i = s->depth; i-- > 0;) {
		const element *e = &s->stack[i];
		if (s->xml ? (e->len == len && !memcmp(e->name, n, len))
		           : (e->len == len && ieq_n(e->name, n, len))) {
			s->depth = i;
			return;
		}
	}
}

/* Text content: readable, code, or (XML metadata) markup. */
static void emit_text(tw_document *d, const html_state *s, size_t off, size_t len)
{
	if (!len)
		return;
	const element *top = s->depth ? &s->stack[s->depth - 1] : NULL;
	int skip = top ? top->skip : 0;
	int convert = top ? top->convert : (s->vocab != V_NEWSML);
	if (skip)
		doc_add(d, off, len, TW_ROLE_CODE, 0);
	else if (convert && (top || !s->xml))
		doc_add(d, off, len, TW_ROLE_PROSE, 0);
}

/* End of a raw text element's content: "</name" followed by a space, '/'
 * or '>', case-insensitively. */
static const char *raw_end(const char *p, const char *end, const char *n, size_t len)
{
	for (;;) {
		const char *q = find(p, end, "</");
		if (!q)
			return end;
		if ((size_t)(end - q) > len + 2 && ieq_n(q + 2, n, len) &&
		    (is_space(q[2 + len]) || q[2 + len] == '/' || q[2 + len] == '>'))
			return q;
		p = q + 2;
	}
}

void html_scan(tw_document *d, html_state *s, size_t start, size_t end_off)
{
	const char *data = d->data, *p = data + start, *end = data + end_off;
	while (p < end && !d->oom) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt) {
			emit_text(d, s, (size_t)(p - data), (size_t)(end - p));
			return;
		}
		emit_text(d, s, (size_t)(p - data), (size_t)(lt - p));
		size_t rest = (size_t)(end - lt);
		if (rest >= 4 && !memcmp(lt, "<!--", 4)) {
			const char *close = find(lt + 4, end, "-->");
			const char *stop = close ? close + 3 : end;
			if (rest >= 5 && lt[4] == '>')
				stop = lt + 5;
			else if (rest >= 6 && !memcmp(lt + 4, "->", 2))
				stop = lt + 6;
			doc_comment(d, (size_t)(lt - data), (size_t)(stop - lt));
			p = stop;
		} else if (rest >= 9 && !memcmp(lt, "<![CDATA[", 9)) {
			const char *close = find(lt + 9, end, "]]>");
			const char *cend = close ? close : end;
			const element *top = s->depth ? &s->stack[s->depth - 1] : NULL;
			if (s->xml && top && !top->skip && top->convert)
				doc_add(d, (size_t)(lt + 9 - data), (size_t)(cend - lt - 9), TW_ROLE_PROSE, 1);
			else if (top && top->skip)
				doc_add(d, (size_t)(lt + 9 - data), (size_t)(cend - lt - 9), TW_ROLE_CODE, 1);
			p = close ? close + 3 : end;
		} else if (rest >= 2 && (lt[1] == '!' || lt[1] == '?')) {
			/* doctype, processing instruction, bogus comment; an XML
			 * internal subset runs to "]>" */
			const char *gt = memchr(lt, '>', rest);
			const char *br = memchr(lt, '[', gt ? (size_t)(gt - lt) : rest);
			if (s->xml && lt[1] == '!' && br) {
				const char *close = find(br, end, "]");
				gt = close ? memchr(close, '>', (size_t)(end - close)) : NULL;
			} else if (s->xml && lt[1] == '?') {
				const char *close = find(lt + 2, end, "?>");
				gt = close ? close + 1 : NULL;
			}
			/* the XML declaration's encoding */
			size_t at = (size_t)(lt - data);
			const char *enc;
			if (gt && (at == 0 || (at == 3 && !memcmp(data, "\xEF\xBB\xBF", 3))) &&
			    rest >= 6 && !memcmp(lt, "<?xml", 5) && is_space(lt[5]) &&
			    (enc = find(lt, gt, "encoding"))) {
				const char *q = enc + 8;
				while (q < gt && (is_space(*q) || *q == '='))
					q++;
				if (q < gt && (*q == '"' || *q == '\'')) {
					const char *v = ++q;
					while (q < gt && is_name_char(*q))
						q++;
					doc_add(d, (size_t)(v - data), (size_t)(q - v), TW_ROLE_CHARSET, 0);
				}
			}
			p = gt ? gt + 1 : end;
		} else if (rest >= 3 && lt[1] == '/' && is_alpha(lt[2])) {
			const char *n = lt + 2, *q = n;
			while (q < end && !(byte_class[(unsigned char)*q] & B_NAME_END))
				q++;
			const char *gt = memchr(q, '>', (size_t)(end - q));
			if (!gt)
				return; /* an unterminated end tag: the rest is markup */
			pop_to(s, n, (size_t)(q - n));
			p = gt + 1;
		} else if (rest >= 2 && (is_alpha(lt[1]) || (s->xml && (lt[1] == '_' || (unsigned char)lt[1] >= 0x80)))) {
			const char *n = lt + 1, *q = n;
			while (q < end && !(byte_class[(unsigned char)*q] & B_NAME_END))
				q++;
			size_t len = (size_t)(q - n);
			int self_closing, oom = 0, attrs_skip;
			const char *after = read_attrs(s, data, q, end, &self_closing, &oom);
			if (oom) {
				d->oom = 1;
				return;
			}
			if (!after)
				return; /* an unterminated tag: the rest is markup */
			if (s->xml && !s->have_root)
				set_vocab(s, n, len);
			unsigned kind = s->xml ? 0 : ELEMENT_KIND(s, n, len);
			element e = open_element(d, s, n, len, kind, &attrs_skip);
			if (story_element(s, n, len))
				d->story_next = 1;
			emit_attrs(d, s, &e, kind, attrs_skip);
			p = after;
			int is_void = kind & E_VOID;
			if (!is_void && !(s->xml && self_closing) && push(s, e)) {
				d->oom = 1;
				return;
			}
			if (!s->xml && !is_void) {
				int raw = kind & E_RAW;
				int rcdata = kind & E_RCDATA;
				if (kind & E_PLAINTEXT) {
					doc_add(d, (size_t)(p - data), (size_t)(end - p), TW_ROLE_CODE, 0);
					return;
				}
				if (raw || rcdata) {
					const char *stop = raw_end(p, end, n, len);
					if (raw || e.skip)
						doc_add(d, (size_t)(p - data), (size_t)(stop - p), TW_ROLE_CODE, 0);
					else
						emit_text(d, s, (size_t)(p - data), (size_t)(stop - p));
					p = stop;
				}
			}
		} else {
			/* a '<' that starts no tag is text */
			emit_text(d, s, (size_t)(lt - data), 1);
			p = lt + 1;
		}
	}
}

int html_in_skip(const html_state *s)
{
	return s->depth && s->stack[s->depth - 1].skip;
}
