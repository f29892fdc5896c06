/* Web addresses in running text (http://, https://, ftp://). Internal.
 *
 * A converter that rewrites the characters of an address breaks the link
 * (…/news_新聞/… is another page than …/news_新闻/…), and a checker that
 * reads them as prose flags what no editor may change. hk2cn copies an
 * address as it is (convert_run) and the checker reports nothing inside
 * one. */
#ifndef TW_URL_H
#define TW_URL_H

#include <stddef.h>

/* Does the character at u (n bytes left, n > 0) end a bare address: white
 * space or a control character, < > `, or CJK, general or full-width
 * punctuation (the “” that conversion writes among them)? Markdown's bare
 * links end there; url_next also ends an address at '"' and DEL. */
int url_stop(const unsigned char *u, size_t n);

/* The end of an address found in s[start, end), without the trailing
 * punctuation of the sentence around it (. , : ; ! ? " ' * _ ~, and a ')'
 * that closes nothing inside it). */
size_t url_trim(const char *s, size_t start, size_t end);

/* The first address in s[from, n): its offset, and its length in *len; n
 * when there is none. An address runs from its scheme to a url_stop (or
 * '"'), trimmed by url_trim, and without characters outside ASCII that end
 * it (見https://www.gov.hk了解詳情: the Chinese after the host is the
 * sentence's; …/news_新聞/ keeps 新聞, which a '/' follows), counting as the
 * end what url_trim would take off after them ([張貼](https://a.b/)**個人專案**:
 * the Markdown emphasis after the link is the sentence's too). A scheme
 * with nothing after it ("https://" named in a guide) is an address of its
 * own. */
size_t url_next(const char *s, size_t n, size_t from, size_t *len);

#endif
