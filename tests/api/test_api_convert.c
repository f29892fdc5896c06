/* API tests of the conversion core: profiles, conversion, alignment,
 * streaming, errors, threads. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tongwen.h"
#include "../lib/spans.h"

static tw_profile *open_profile(const char *name)
{
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	tw_profile *p = NULL;
	tw_error err = {0};
	int rc = tw_profile_open(&p, name, &po, &err);
	if (rc)
		fprintf(stderr, "%s: %s\n", name, err.message);
	assert_int_equal(rc, TW_OK);
	return p;
}

static char *conv(const tw_profile *p, const char *in)
{
	char *out;
	size_t n;
	assert_int_equal(tw_convert(&out, &n, p, in, strlen(in), NULL), TW_OK);
	assert_int_equal(strlen(out), n);
	return out;
}

static void expect_conv(const tw_profile *p, const char *in, const char *want)
{
	char *got = conv(p, in);
	assert_string_equal(got, want);
	tw_free(got);
}

static void test_hk2s_basic(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2s");
	expect_conv(p, "香港數碼港", "香港数码港");
	expect_conv(p, "", "");
	expect_conv(p, "ASCII only\n", "ASCII only\n");
	assert_true(tw_profile_steps(p) == 2);
	assert_non_null(strstr(tw_profile_path(p), "hk2s.json"));
	tw_profile_free(p);
}

static void test_hk2cn_terms_and_punct(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	/* Corner quotes become Mainland quotes; names stay. */
	expect_conv(p, "「數碼港」", "“数码港”");
	expect_conv(p, "『引』", "‘引’");
	expect_conv(p, "核心技術", "核心技术");
	tw_profile_free(p);
}

/* The guard reason of the span that holds src[off..) (first byte), or NULL. */
static const char *guard_at(const tw_profile *p, const char *src, size_t off)
{
	char *out;
	size_t n, ns;
	tw_span *sp;
	assert_int_equal(tw_convert_aligned(&out, &n, &sp, &ns, p, src, strlen(src), NULL), TW_OK);
	const char *why = NULL;
	for (size_t i = 0; i < ns; i++)
		if (sp[i].src_off <= off && off < sp[i].src_off + sp[i].src_len)
			why = sp[i].guard;
	tw_free(out);
	tw_free(sp);
	return why;
}

/* The name guard: no term rewrite inside what reads as an official name,
 * a quoted mention or a title; ordinary uses still convert. */
static void test_name_guard(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	/* A gazetteer name, and a name that only reads as one. */
	const char *gaz = "無綫電的士聯誼會今日開會";
	expect_conv(p, gaz, "无线电的士联谊会今日开会");
	assert_string_equal(guard_at(p, gaz, strlen("無綫電")), "name");
	const char *union_name = "東涌區的士聯誼會今日開會";
	expect_conv(p, union_name, "东涌区的士联谊会今日开会");
	assert_string_equal(guard_at(p, union_name, strlen("東涌區")), "suffix");
	/* A verb's term (覆核 -> 复核, a verb to jieba) is protected by no
	 * suffix but a body's own ending right after it, as gazetteer names
	 * hold it (長期監禁刑罰覆核委員會): not by 計劃, which running text puts
	 * after a verb; a preposition (透過) or a verb no name holds that way
	 * (達致 -> 达到) still converts before the ending. */
	const char *board = "公共服務覆核委員會今日開會";
	expect_conv(p, board, "公共服务覆核委员会今日开会");
	assert_string_equal(guard_at(p, board, strlen("公共服務")), "suffix");
	expect_conv(p, "他們會覆核計劃的細節", "他们会复核计划的细节");
	expect_conv(p, "他透過委員會提出", "他通过委员会提出");
	expect_conv(p, "令資方讓步，達致工會的訴求", "令资方让步，达到工会的诉求");
	/* A suffix that ends a gazetteer name starting a word after the term
	 * is that name's own: the term before it is running text. A name
	 * right after the term may be the tail of a longer one holding it. */
	expect_conv(p, "港鐵稱，與發展商及屋宇署積極探討", "港铁称，与开发商及屋宇署积极探讨");
	expect_conv(p, "沒有違反個人資料私隱條例", "没有违反个人资料私隐条例");
	/* Transliterations: kept inside an official Hong Kong name, localised
	 * inside a name that merely reads as one. */
	expect_conv(p, "香港駐三藩市經濟貿易辦事處", "香港驻三藩市经济贸易办事处");
	expect_conv(p, "朗奴列根圖書館", "罗纳德·里根图书馆");
	/* Personal names keep a standard character OpenCC rewrites anyway;
	 * words with it still convert. */
	/* A web address is copied as it is: its characters name a page. The
	 * Chinese after it is the sentence's; stock profiles convert it all. */
	const char *url = "詳見 https://www.hkcnews.com/news_新聞/的士.jpg 網站";
	expect_conv(p, url, "详见 https://www.hkcnews.com/news_新聞/的士.jpg 网站");
	assert_string_equal(guard_at(p, url, strlen("詳見 https://www.hkcnews.com/news_")), "url");
	expect_conv(p, "請瀏覽https://www.gov.hk了解詳情。", "请浏览https://www.gov.hk了解详情。");
	expect_conv(p, "（網址：http://www.info.gov.hk/的士）的士",
	            "（网址：http://www.info.gov.hk/出租车）出租车");
	expect_conv(p, "xhttp://的士", "xhttp://出租车");
	/* what follows a link in Markdown emphasis is prose, not address */
	expect_conv(p, "[張貼](https://a.b/)**個人開源專案**", "[张贴](https://a.b/)**个人开源项目**");
	expect_conv(p, "https://a.b/wiki/香港_(的士) 的士", "https://a.b/wiki/香港_(的士) 出租车");
	/* Taiwan copy's ASCII commas and brackets after an address are prose */
	expect_conv(p, "公布於網上(https://x.tw),命題單位指出,會考各科試題(國中)的學習",
	            "公布于网上(https://x.tw),命题单位指出,会考各科试题(国中)的学习");
	expect_conv(p, "見https://x.tw/a;詳情", "见https://x.tw/a;详情");
	tw_profile *stock = open_profile("hk2s");
	expect_conv(stock, url, "详见 https://www.hkcnews.com/news_新闻/的士.jpg 网站");
	tw_profile_free(stock);
	const char *person = "林振昇表示，旭日東昇，昇降機。";
	expect_conv(p, person, "林振昇表示，旭日东升，升降机。");
	assert_string_equal(guard_at(p, person, strlen("林振")), "person");
	/* 甯 is a surname as well: kept where it starts a name (the standard
	 * list's surname character), converted in a word. */
	const char *surname = "甯漢豪表示，局長甯漢豪出席。甯靜，安甯。甯";
	expect_conv(p, surname, "甯汉豪表示，局长甯汉豪出席。宁静，安宁。宁");
	assert_string_equal(guard_at(p, surname, 0), "person");
	/* Inside an official name, as a term there would be (a name suffix
	 * after it); in running text before a company, converted. */
	const char *company = "旭昇科技有限公司表示，業績回昇令公司受惠，昇幅收窄。";
	expect_conv(p, company, "旭昇科技有限公司表示，业绩回升令公司受惠，升幅收窄。");
	assert_string_equal(guard_at(p, company, strlen("旭")), "suffix");
	expect_conv(p, "長者業主樓換樓計劃", "长者业主楼换楼计划");
	const char *quoted = "俗稱「白牌車」的非法載客";
	expect_conv(p, quoted, "俗称“白牌车”的非法载客");
	assert_string_equal(guard_at(p, quoted, strlen("俗稱「")), "quote");
	/* A quotation followed at once by a name suffix is a programme's name,
	 * as it is unquoted (數位韌性計畫); quoted alone it is a use. The
	 * register is Taiwan's in both (數位). */
	const char *programme = "數位發展部推動「數位韌性」計畫；「數位韌性」是數位部的重點。";
	expect_conv(p, programme, "数位发展部推动“数位韧性”计划；“数字韧性”是数位部的重点。");
	assert_string_equal(guard_at(p, programme, strlen("數位發展部推動「")), "title");
	expect_conv(p, "發布「政府機關資安弱點通報機制」指引",
	            "发布“政府机关资安弱点通报机制”指引");
	const char *title = "《香港的士手冊》";
	expect_conv(p, title, "《香港的士手册》");
	assert_string_equal(guard_at(p, title, strlen("《香港")), "title");
	/* A term of four characters or more that is the whole title maps the
	 * title itself (a film's Hong Kong name); a shorter one is a word a
	 * Hong Kong work may be titled, which stays. */
	expect_conv(p, "迪士尼《魔雪奇緣》主題園區", "迪士尼《冰雪奇缘》主题园区");
	expect_conv(p, "《魔雪奇緣》及《魔雪奇緣2》", "《冰雪奇缘》及《冰雪奇缘2》");
	expect_conv(p, "美國通過《台灣旅行法》", "美国通过《与台湾交往法》");
	expect_conv(p, "劇作《碌架床》講兩張碌架床", "剧作《碌架床》讲两张上下铺");
	/* Uses, not names: a breaker (到, 去) ends the run; a compound of the
	 * general vocabulary (網路銀行) is no name; a kind of body (公營醫院)
	 * followed by another is no name either. */
	expect_conv(p, "他乘的士到中心。", "他乘出租车到中心。");
	assert_null(guard_at(p, "他乘的士到中心。", strlen("他乘")));
	expect_conv(p, "搭的士去醫院", "搭出租车去医院");
	expect_conv(p, "網路銀行", "网络银行");
	expect_conv(p, "出局", "出局");
	/* A word of running text (聯同, 又指; dicts/guard/running-words.txt) or a
	 * clause mark (指，) is no part of the name that follows it. */
	const char *running = "港鐵聯同李小龍基金會舉辦展覽";
	assert_null(guard_at(p, running, strlen("港鐵")));
	expect_conv(p, running, "港铁联合李小龙基金会举办展览");
	expect_conv(p, "他指，集團旗下商場", "他指出，集团旗下商场");
	assert_null(guard_at(p, "他指，集團旗下商場", strlen("他")));
	expect_conv(p, "政府會否與發展局商討", "政府是否会与发展局商讨");
	expect_conv(p, "當局會不時檢討機電署的人手", "当局会不时审视机电工程署的人手");
	/* A body's name keeps its words: 檢討 inside a committee's name. */
	expect_conv(p, "成立規管檢討委員會", "成立规管检讨委员会");
	/* A common word segments whole (dicts/segment/words.txt): no term key
	 * starting inside it fires across two words (模組, 營辦, 快取). */
	expect_conv(p, "擴大規模組織人手，修訂經營辦法，病毒很快取代舊株。",
	            "扩大规模组织人手，修订经营办法，病毒很快取代旧株。");
	/* A place ending in 南 or 北 segments whole before 韓 (台北|韓國瑜 had
	 * come out 台朝鲜国瑜); 華南 and 華北 do not, as 訪華|北韓 and 來華|南韓
	 * are the usual reading. */
	expect_conv(p, "在台北韓國瑜說，駐台北韓國代表部與台南韓內科診所。",
	            "在台北韩国瑜说，驻台北韩国代表部与台南韩内科诊所。");
	expect_conv(p, "詢問訪華北韓人士的身份，來華南韓遊客增加。",
	            "询问访华朝鲜人士的身份，来华韩国游客增加。");
	/* A regulation's title alone on its line is one name, however far the
	 * term sits from 管理辦法; so is the title cited in a sentence, as far
	 * as its run of Han characters reaches; a breaker (的) ends the run, and
	 * a generic 辦法 (title-only suffix) names nothing in running text. */
	const char *reg = "數位經濟相關產業個人資料檔案安全維護管理辦法\n";
	expect_conv(p, reg, "数位经济相关产业个人资料档案安全维护管理办法\n");
	assert_string_equal(guard_at(p, reg, strlen("數位經濟相關產業")), "suffix");
	expect_conv(p, "依數位經濟相關產業個人資料檔案安全維護管理辦法。",
	            "依数位经济相关产业个人资料档案安全维护管理办法。");
	expect_conv(p, "依個人資料保護法、醫院個人資料檔案安全維護計畫實施辦法及其他相關法令",
	            "依个人资料保护法、医院个人资料档案安全维护计划实施办法及其他相关法令");
	expect_conv(p, "依法授權訂定之電信事業普及服務管理辦法。",
	            "依法授权制定之电信事业普及服务管理办法。");
	expect_conv(p, "當局會檢討保障個人資料的管理辦法。", "当局会检讨保障个人信息的管理办法。");
	expect_conv(p, "會推出保障個人資料安全新辦法。", "会推出保障个人信息安全新办法。");
	expect_conv(p, "電子支付機構資訊系統標準及安全控管作業基準辦法\n",
	            "电子支付机构资讯系统标准及安全控管作业基准办法\n");
	tw_profile_free(p);
	/* Without the guard: exactly what libopencc does with the profile. */
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	po.flags = TW_PROFILE_OPENCC_ONLY;
	assert_int_equal(tw_profile_open(&p, "hk2cn", &po, NULL), TW_OK);
	expect_conv(p, union_name, "东涌区出租车联谊会今日开会");
	assert_null(guard_at(p, union_name, strlen("東涌區")));
	tw_profile_free(p);
	/* Version 1 options (without flags) are still accepted. */
	tw_profile_options v1 = {1, TW_TEST_DATA, 0};
	assert_int_equal(tw_profile_open(&p, "hk2cn", &v1, NULL), TW_OK);
	tw_profile_free(p);
}

/* A segmentation key's result is computed once and reused: the same term
 * must still be decided by the name guard at each occurrence, whichever
 * context it is met in first. */
static void test_term_memo_and_guard(void **state)
{
	(void)state;
	const char *use = "他乘的士到中心。";
	const char *name = "無綫電的士聯誼會今日開會。";
	for (int order = 0; order < 2; order++) {
		tw_profile *p = open_profile("hk2cn");
		const char *first = order ? name : use, *second = order ? use : name;
		char both[256];
		snprintf(both, sizeof both, "%s%s%s%s", first, second, first, second);
		char *a = conv(p, first), *b = conv(p, second), *ab = conv(p, both);
		char want[512];
		snprintf(want, sizeof want, "%s%s%s%s", a, b, a, b);
		assert_string_equal(ab, want);
		/* The aligned path takes the same precomputed results: the
		 * vetoed occurrences are marked, the others not. */
		size_t name_at = (order ? 0 : strlen(first)) + strlen("無綫電");
		size_t use_at = (order ? strlen(first) : 0) + strlen("他乘");
		const char *why = guard_at(p, both, name_at);
		assert_non_null(why);
		assert_string_equal(why, "name");
		assert_null(guard_at(p, both, use_at));
		char *al;
		size_t al_len, ns;
		tw_span *sp;
		assert_int_equal(tw_convert_aligned(&al, &al_len, &sp, &ns, p, both, strlen(both), NULL),
		                 TW_OK);
		assert_string_equal(al, want);
		tw_free(al);
		tw_free(sp);
		tw_free(a);
		tw_free(b);
		tw_free(ab);
		tw_profile_free(p);
	}
}

/* tw_convert_aligned_into: tw_convert_aligned's output and spans, in buffers
 * the caller keeps, grown when needed and reused otherwise. */
static void expect_aligned_same(const tw_profile *p, const char *in, size_t len, char **buf,
                                size_t *cap, tw_span **sp, size_t *sp_cap)
{
	char *out;
	size_t n, ns, n2 = 99, ns2 = 99;
	tw_span *want;
	assert_int_equal(tw_convert_aligned(&out, &n, &want, &ns, p, in, len, NULL), TW_OK);
	assert_int_equal(tw_convert_aligned_into(buf, cap, &n2, sp, sp_cap, &ns2, p, in, len, NULL),
	                 TW_OK);
	assert_int_equal(n2, n);
	assert_true(*cap > n2);
	assert_memory_equal(*buf, out, n + 1);
	assert_int_equal(ns2, ns);
	assert_true(*sp_cap >= ns2);
	for (size_t i = 0; i < ns; i++) {
		assert_int_equal((*sp)[i].src_off, want[i].src_off);
		assert_int_equal((*sp)[i].src_len, want[i].src_len);
		assert_int_equal((*sp)[i].dst_off, want[i].dst_off);
		assert_int_equal((*sp)[i].dst_len, want[i].dst_len);
		assert_int_equal((*sp)[i].step, want[i].step);
		assert_ptr_equal((*sp)[i].kind, want[i].kind);
		assert_ptr_equal((*sp)[i].guard, want[i].guard);
	}
	tw_free(out);
	tw_free(want);
}

static void test_convert_aligned_into(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	char *buf = NULL;
	tw_span *sp = NULL;
	size_t cap = 0, sp_cap = 0, n, ns;
	const char *in = "隨著時間推移，的士司機表示。⾞";
	expect_aligned_same(p, in, strlen(in), &buf, &cap, &sp, &sp_cap);
	size_t big_len = 200000, at = 0;
	char *big = malloc(big_len + 1);
	assert_non_null(big);
	while (at + strlen(in) <= big_len) {
		memcpy(big + at, in, strlen(in));
		at += strlen(in);
	}
	expect_aligned_same(p, big, at, &buf, &cap, &sp, &sp_cap);
	/* A shorter text reuses both buffers as they are. */
	char *kept = buf;
	tw_span *kept_sp = sp;
	size_t kept_cap = cap, kept_sp_cap = sp_cap;
	expect_aligned_same(p, in, strlen(in), &buf, &cap, &sp, &sp_cap);
	assert_ptr_equal(buf, kept);
	assert_ptr_equal(sp, kept_sp);
	assert_int_equal(cap, kept_cap);
	assert_int_equal(sp_cap, kept_sp_cap);
	/* Invalid UTF-8: the offset; both buffers stay usable. */
	tw_error err = {0};
	const char bad[] = "香港\xff";
	assert_int_equal(tw_convert_aligned_into(&buf, &cap, &n, &sp, &sp_cap, &ns, p, bad,
	                                         sizeof bad - 1, &err),
	                 TW_EUTF8);
	assert_int_equal(err.offset, strlen("香港"));
	assert_int_equal(n, 0);
	assert_int_equal(ns, 0);
	expect_aligned_same(p, "", 0, &buf, &cap, &sp, &sp_cap);
	/* Arguments that make no sense. */
	size_t bogus = 10;
	char *none = NULL;
	tw_span *no_sp = NULL;
	assert_int_equal(tw_convert_aligned_into(&none, &bogus, &n, &sp, &sp_cap, &ns, p, in,
	                                         strlen(in), NULL),
	                 TW_EINVAL);
	assert_int_equal(tw_convert_aligned_into(&buf, &cap, &n, &no_sp, &bogus, &ns, p, in,
	                                         strlen(in), NULL),
	                 TW_EINVAL);
	assert_int_equal(tw_convert_aligned_into(&buf, &cap, &n, &sp, NULL, &ns, p, in, strlen(in),
	                                         NULL),
	                 TW_EINVAL);
	tw_free(buf);
	tw_free(sp);
	free(big);
	tw_profile_free(p);
}

/* tw_convert_into: a buffer kept by the caller, grown when needed, reused
 * otherwise, still valid after a failed call. */
static void test_convert_into(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	char *buf = NULL;
	size_t cap = 0, n = 99;
	const char *in = "隨著時間推移，的士司機表示。";
	char *want = conv(p, in);
	assert_int_equal(tw_convert_into(&buf, &cap, &n, p, in, strlen(in), NULL), TW_OK);
	assert_non_null(buf);
	assert_true(cap > n);
	assert_int_equal(n, strlen(want));
	assert_string_equal(buf, want);
	/* A longer text grows the buffer; the result is still tw_convert's. */
	size_t big_len = 200000;
	char *big = malloc(big_len + 1);
	assert_non_null(big);
	size_t at = 0;
	while (at + strlen(in) <= big_len) {
		memcpy(big + at, in, strlen(in));
		at += strlen(in);
	}
	big[at] = '\0';
	char *big_want = conv(p, big);
	assert_int_equal(tw_convert_into(&buf, &cap, &n, p, big, at, NULL), TW_OK);
	assert_int_equal(n, strlen(big_want));
	assert_memory_equal(buf, big_want, n + 1);
	/* A shorter text reuses it as it is. */
	char *kept = buf;
	size_t kept_cap = cap;
	assert_int_equal(tw_convert_into(&buf, &cap, &n, p, in, strlen(in), NULL), TW_OK);
	assert_ptr_equal(buf, kept);
	assert_int_equal(cap, kept_cap);
	assert_string_equal(buf, want);
	/* Invalid UTF-8: an error with the offset; the buffer stays usable. */
	tw_error err = {0};
	const char bad[] = "香港\xff";
	assert_int_equal(tw_convert_into(&buf, &cap, &n, p, bad, sizeof bad - 1, &err), TW_EUTF8);
	assert_int_equal(err.offset, strlen("香港"));
	assert_int_equal(n, 0);
	assert_int_equal(tw_convert_into(&buf, &cap, &n, p, "", 0, NULL), TW_OK);
	assert_int_equal(n, 0);
	assert_string_equal(buf, "");
	/* Arguments that make no sense. */
	assert_int_equal(tw_convert_into(&buf, NULL, &n, p, in, strlen(in), NULL), TW_EINVAL);
	char *none = NULL;
	size_t bogus = 10;
	assert_int_equal(tw_convert_into(&none, &bogus, &n, p, in, strlen(in), NULL), TW_EINVAL);
	assert_int_equal(tw_convert_into(&buf, &cap, &n, NULL, in, strlen(in), NULL), TW_EINVAL);
	tw_free(buf);
	/* A tw_convert() result may be handed over with its length + 1. */
	char *own;
	size_t own_len;
	assert_int_equal(tw_convert(&own, &own_len, p, in, strlen(in), NULL), TW_OK);
	size_t own_cap = own_len + 1;
	assert_int_equal(tw_convert_into(&own, &own_cap, &n, p, big, at, NULL), TW_OK);
	assert_memory_equal(own, big_want, n + 1);
	tw_free(own);
	tw_free(big_want);
	tw_free(want);
	free(big);
	tw_profile_free(p);
}

/* The Mainland character standard: standard forms, source characters kept
 * where OpenCC would write a rare Extension B form, radicals and
 * compatibility ideographs normalised before conversion so terms match. */
static void test_standard_characters(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	expect_conv(p, "歴史寳藏，栢樹呌賣，狂飈", "历史宝藏，柏树叫卖，狂飙");
	/* reviewed variants the fifty-third session found in hk2cn's output
	 * of the news archives (dicts/standard/variants.tsv) */
	expect_conv(p, "英超對踫，收歛，《鎗火》，疏濬工程，麻痺", "英超对碰，收敛，《枪火》，疏浚工程，麻痹");
	expect_conv(p, "嗰度搵餸喎", "嗰度搵餸喎");
	/* 揾, itself a rare form of 搵 with no standard form, stays as written
	 * (the HK-variant step would trade it for 搵). */
	expect_conv(p, "揾工", "揾工");
	/* 𨋢 (lift), an Extension B character with no standard form, stays
	 * too: OpenCC's 䢂 is no more standard and the copy did not write it. */
	expect_conv(p, "搭\xf0\xa8\x8b\xa2", "搭\xf0\xa8\x8b\xa2");
	expect_conv(p, "流動應\xe2\xbd\xa4程式", "移动应用程序"); /* ⽤ U+2F64 */
	expect_conv(p, "\xef\xa5\xa9據", "数据");              /* 數 U+F969 */
	/* The normalised character is a span of its own, kind "normalize". */
	const char *in = "\xe2\xbe\x9e"; /* ⾞ U+2F9E */
	char *out;
	size_t n, ns;
	tw_span *sp;
	assert_int_equal(tw_convert_aligned(&out, &n, &sp, &ns, p, in, strlen(in), NULL), TW_OK);
	assert_string_equal(out, "车");
	assert_int_equal(ns, 1);
	assert_int_equal(sp[0].src_len, 3);
	tw_free(out);
	tw_free(sp);
	tw_profile_free(p);
	/* hk2s-std: characters only, in standard forms. */
	p = open_profile("hk2s-std");
	expect_conv(p, "嗰個的士", "嗰个的士");
	expect_conv(p, "揾嗰個", "揾嗰个");
	tw_profile_free(p);
}

/* OpenCC semantics on a small text profile (verified against stock opencc):
 * max-match segmentation, first matching group member wins even when a
 * later member has a longer key, first value of a multi-value entry. */
static void test_text_profile_semantics(void **state)
{
	(void)state;
	tw_profile *p = open_profile(TW_TEST_FIXTURES "/text.json");
	expect_conv(p, "abcd", "12d");
	expect_conv(p, "abcd\nxbcab", "12d\nx21B2");
	tw_profile_free(p);
	/* with a name guard (loaded on a thread of its own), from text */
	p = open_profile(TW_TEST_FIXTURES "/guard-text.json");
	expect_conv(p, "xyz", "xyz");
	tw_profile_free(p);
}

static void expect_open_error(const char *name, int code, const char *needle)
{
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	tw_profile *p = (tw_profile *)1;
	tw_error err = {0};
	assert_int_equal(tw_profile_open(&p, name, &po, &err), code);
	assert_null(p);
	assert_int_equal(err.code, code);
	if (!strstr(err.message, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

static void test_profile_errors(void **state)
{
	(void)state;
	expect_open_error("no-such-profile", TW_ENOTFOUND, "no-such-profile");
	expect_open_error(TW_TEST_FIXTURES "/malformed.json", TW_EFORMAT, "invalid JSON");
	expect_open_error(TW_TEST_FIXTURES "/missing-dict.json", TW_ENOTFOUND, "Missing.ocd2");
	expect_open_error(TW_TEST_FIXTURES "/dup.json", TW_EFORMAT, "duplicate key");
	/* a slot holds a key of at most 16,383 bytes: longer is refused, named */
	expect_open_error(TW_TEST_FIXTURES "/longkey.json", TW_ETOOBIG,
	                  "entry 2: key longer than 16383 bytes");
	expect_open_error(TW_TEST_FIXTURES "/badtype.json", TW_EFORMAT, "zip");
	expect_open_error(TW_TEST_FIXTURES "/corrupt.json", TW_EFORMAT, "Corrupt.twd");
	/* the name guard loads on a thread of its own: its errors come back,
	 * and an error of the rest of the load comes first */
	expect_open_error(TW_TEST_FIXTURES "/guard-missing.json", TW_ENOTFOUND, "NoGuard.ocd2");
	expect_open_error(TW_TEST_FIXTURES "/guard-corrupt.json", TW_EFORMAT, "Corrupt.twd");
	expect_open_error(TW_TEST_FIXTURES "/guard-both.json", TW_ENOTFOUND, "Missing.ocd2");
	tw_profile *p = (tw_profile *)1;
	assert_int_equal(tw_profile_open(&p, NULL, NULL, NULL), TW_EINVAL);
	assert_null(p);
	tw_profile_options bad = TW_PROFILE_OPTIONS_INIT;
	bad.version = 99;
	assert_int_equal(tw_profile_open(&p, "hk2s", &bad, NULL), TW_EINVAL);
	tw_profile_free(NULL);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2s");
	const char *cases[] = {"ab\xff", "香\xe6\xb8", "\xc0\xaf", "\xed\xa0\x80", "x\xf4\x90\x80\x80"};
	size_t offs[] = {2, 3, 0, 0, 1};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *out = (char *)1;
		size_t n = 7;
		tw_error err = {0};
		assert_int_equal(tw_convert(&out, &n, p, cases[i], strlen(cases[i]), &err), TW_EUTF8);
		assert_null(out);
		assert_int_equal(err.offset, offs[i]);
		size_t bad = 0;
		assert_int_equal(tw_utf8_validate(cases[i], strlen(cases[i]), &bad), TW_EUTF8);
		assert_int_equal(bad, offs[i]);
	}
	tw_profile_free(p);
}

static void test_alignment(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	const char *in = "香港「數碼港」AI發展";
	char *out;
	size_t n, ns;
	tw_span *sp;
	assert_int_equal(tw_convert_aligned(&out, &n, &sp, &ns, p, in, strlen(in), NULL), TW_OK);
	assert_string_equal(out, "香港“数码港”AI发展");
	assert_spans_tile(in, strlen(in), out, n, sp, ns);
	int saw_punct = 0, saw_char = 0;
	for (size_t i = 0; i < ns; i++) {
		if (sp[i].step >= 0) {
			assert_non_null(sp[i].dict);
			if (!strcmp(sp[i].kind, "punct")) {
				saw_punct = 1;
				assert_string_equal(sp[i].dict, "HKCNPunct.ocd2");
			}
			if (!strncmp(in + sp[i].src_off, "發", sp[i].src_len)) {
				saw_char = 1;
				assert_memory_equal(out + sp[i].dst_off, "发", 3);
			}
		}
	}
	assert_true(saw_punct);
	assert_true(saw_char);
	/* The first span is the unchanged 香港. */
	assert_int_equal(sp[0].step, -1);
	assert_int_equal(sp[0].src_len, 6);
	tw_free(out);
	tw_free(sp);
	tw_profile_free(p);
}

typedef struct sink {
	char *data;
	size_t len;
	int fail_after; /* fail the Nth write, 0 = never */
	int writes;
} sink;

static int sink_write(void *ud, const char *buf, size_t len)
{
	sink *s = ud;
	if (s->fail_after && ++s->writes >= s->fail_after)
		return 1;
	s->data = realloc(s->data, s->len + len + 1);
	memcpy(s->data + s->len, buf, len);
	s->len += len;
	s->data[s->len] = '\0';
	return 0;
}

/* Streaming with arbitrary chunk sizes equals one-shot conversion, with
 * one thread and with two (tw_stream_set_threads). */
static void test_stream_equals_whole(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	size_t unit_len;
	const char *unit = "「數碼港」的發展，隨著時間。\nAI 與 香港 𠝹 😀\r\n";
	unit_len = strlen(unit);
	size_t len = unit_len * 40000; /* > 1 MiB: several internal flushes */
	char *in = malloc(len + 1);
	for (size_t i = 0; i < 40000; i++)
		memcpy(in + i * unit_len, unit, unit_len);
	in[len] = '\0';
	char *whole = conv(p, in);
	size_t chunks[] = {1, 7, 4096, 65536, 1 << 20};
	for (size_t c = 0; c < 2 * sizeof chunks / sizeof *chunks; c++) {
		size_t chunk = chunks[c % (sizeof chunks / sizeof *chunks)];
		int threads = c < sizeof chunks / sizeof *chunks ? 1 : 2;
		/* byte-at-a-time on a prefix of whole units */
		size_t limit = chunk == 1 ? unit_len * 5000 : len;
		tw_stream *st;
		sink sk = {0};
		assert_int_equal(tw_stream_new(&st, p, sink_write, &sk), TW_OK);
		assert_int_equal(tw_stream_set_threads(st, threads), TW_OK);
		for (size_t off = 0; off < limit; off += chunk) {
			size_t n = off + chunk > limit ? limit - off : chunk;
			assert_int_equal(tw_stream_feed(st, in + off, n, NULL), TW_OK);
		}
		assert_int_equal(tw_stream_finish(st, NULL), TW_OK);
		tw_stream_free(st);
		char *want;
		size_t wn;
		assert_int_equal(tw_convert(&want, &wn, p, in, limit, NULL), TW_OK);
		assert_int_equal(sk.len, wn);
		assert_memory_equal(sk.data, want, wn);
		tw_free(want);
		free(sk.data);
	}
	tw_free(whole);
	free(in);
	tw_profile_free(p);
}

/* Feeds in[0..len) a thousand bytes at a time, then finishes. */
static int feed_all(tw_stream *st, const char *in, size_t len, tw_error *err)
{
	int rc = TW_OK;
	for (size_t off = 0; off < len && rc == TW_OK; off += 1000)
		rc = tw_stream_feed(st, in + off, len - off < 1000 ? len - off : 1000, err);
	return rc == TW_OK ? tw_stream_finish(st, err) : rc;
}

static void test_stream_errors(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2s");
	size_t len = 600000;
	char *in = malloc(len);
	for (size_t i = 0; i < len; i++)
		in[i] = (i % 50 == 49) ? '\n' : 'a';
	tw_stream *st;
	tw_error err = {0};
	for (int threads = 1; threads <= 2; threads++) {
		/* Invalid UTF-8 after a flushed prefix: the offset counts from the
		 * start of the stream, and what comes before the bad byte's piece
		 * was written, in order. */
		in[550001] = (char)0xff;
		sink sk = {0};
		assert_int_equal(tw_stream_new(&st, p, sink_write, &sk), TW_OK);
		assert_int_equal(tw_stream_set_threads(st, threads), TW_OK);
		assert_int_equal(feed_all(st, in, len, &err), TW_EUTF8);
		assert_int_equal(err.offset, 550001);
		assert_true(sk.len > 0 && sk.len <= 550001);
		assert_memory_equal(sk.data, in, sk.len);
		/* A failed stream stays failed. */
		assert_int_equal(tw_stream_feed(st, "a", 1, NULL), TW_EINVAL);
		tw_stream_free(st);
		free(sk.data);
		/* A write that fails on the second piece (with two threads, the
		 * worker's next piece is under way): reported, nothing after it. */
		in[550001] = 'a';
		sink late = {0};
		late.fail_after = 2;
		assert_int_equal(tw_stream_new(&st, p, sink_write, &late), TW_OK);
		assert_int_equal(tw_stream_set_threads(st, threads), TW_OK);
		assert_int_equal(feed_all(st, in, len, &err), TW_ECALLBACK);
		assert_int_equal(late.writes, 2);
		tw_stream_free(st);
		free(late.data);
	}
	/* Threads are set before the first feed only. */
	sink sk = {0};
	assert_int_equal(tw_stream_new(&st, p, sink_write, &sk), TW_OK);
	assert_int_equal(tw_stream_set_threads(st, 0), TW_EINVAL);
	assert_int_equal(tw_stream_feed(st, "a", 1, NULL), TW_OK);
	assert_int_equal(tw_stream_set_threads(st, 2), TW_EINVAL);
	tw_stream_free(st);
	free(sk.data);
	/* A write callback failure is reported. */
	sink bad = {0};
	bad.fail_after = 1;
	assert_int_equal(tw_stream_new(&st, p, sink_write, &bad), TW_OK);
	assert_int_equal(tw_stream_feed(st, "abc", 3, NULL), TW_OK);
	assert_int_equal(tw_stream_finish(st, &err), TW_ECALLBACK);
	tw_stream_free(st);
	tw_stream_free(NULL);
	free(in);
	tw_profile_free(p);
}

static void test_utf8_counts(void **state)
{
	(void)state;
	const char *s = "a香𠝹😀";
	assert_int_equal(tw_utf8_codepoints(s, strlen(s)), 4);
	assert_int_equal(tw_utf8_utf16_units(s, strlen(s)), 6);
	assert_string_equal(tw_strerror(TW_EUTF8), "invalid UTF-8");
	assert_non_null(tw_version());
	assert_int_equal(strcmp(tw_version(), TW_VERSION_STRING), 0);
}

static void test_list_profiles(void **state)
{
	(void)state;
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	char **names;
	size_t n;
	assert_int_equal(tw_profile_list(&names, &n, &po, NULL), TW_OK);
	int hk2cn = 0, tw2sp = 0;
	for (size_t i = 0; i < n; i++) {
		hk2cn |= !strcmp(names[i], "hk2cn");
		tw2sp |= !strcmp(names[i], "tw2sp");
		if (i)
			assert_true(strcmp(names[i - 1], names[i]) < 0);
	}
	assert_true(hk2cn && tw2sp);
	tw_strings_free(names, n);
}

typedef struct job {
	const tw_profile *p;
	const char *in;
	const char *want;
	int ok;
} job;

static void *run_job(void *arg)
{
	job *j = arg;
	j->ok = 1;
	for (int i = 0; i < 200; i++) {
		char *out;
		size_t n;
		if (tw_convert(&out, &n, j->p, j->in, strlen(j->in), NULL) || strcmp(out, j->want))
			j->ok = 0;
		tw_free(out);
	}
	return NULL;
}

/* One loaded profile shared by several threads. */
static void test_threads(void **state)
{
	(void)state;
	/* The expected text from another profile: the threads below are the
	 * first to convert with p, so they race to fill its memo tables. */
	tw_profile *ref = open_profile("hk2cn");
	const char *in = "「數碼港」與香港的發展，隨著時間推移，的士司機在無綫電的士聯誼會。";
	char *want = conv(ref, in);
	tw_profile_free(ref);
	tw_profile *p = open_profile("hk2cn");
	pthread_t t[4];
	job jobs[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (job){p, in, want, 0};
		assert_int_equal(pthread_create(&t[i], NULL, run_job, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_true(jobs[i].ok);
	}
	tw_free(want);
	tw_profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hk2s_basic),
		cmocka_unit_test(test_hk2cn_terms_and_punct),
		cmocka_unit_test(test_name_guard),
		cmocka_unit_test(test_term_memo_and_guard),
		cmocka_unit_test(test_convert_into),
		cmocka_unit_test(test_convert_aligned_into),
		cmocka_unit_test(test_standard_characters),
		cmocka_unit_test(test_text_profile_semantics),
		cmocka_unit_test(test_profile_errors),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_stream_equals_whole),
		cmocka_unit_test(test_stream_errors),
		cmocka_unit_test(test_utf8_counts),
		cmocka_unit_test(test_list_profiles),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
