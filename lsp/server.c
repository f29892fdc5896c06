/* The server: JSON-RPC dispatch, lifecycle (initialize / initialized /
 * shutdown / exit), cancellation and tracing, and the standard input/output
 * loop with the debounce timer. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

/* marks a queued request a later $/cancelRequest named (not a JSON-RPC key) */
#define CANCEL_KEY "\x01" "cancelled"

long long lsp_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void lsp_send_raw(lsp_server *s, const char *body, size_t n)
{
	char head[64];
	int h = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
	s->write(s->userdata, head, (size_t)h);
	s->write(s->userdata, body, n);
}

void lsp_send(lsp_server *s, json_t *msg)
{
	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	char *body = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!body)
		return;
	lsp_send_raw(s, body, strlen(body));
	free(body);
}

void lsp_reply(lsp_server *s, json_t *id, json_t *result)
{
	json_t *m = json_object();
	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(m, "result", result ? result : json_null());
	lsp_send(s, m);
}

void lsp_reply_error(lsp_server *s, json_t *id, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_t *m = json_object();
	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(m, "error", json_pack("{s:i,s:s}", "code", code, "message", msg));
	lsp_send(s, m);
}

void lsp_notify(lsp_server *s, const char *method, json_t *params)
{
	json_t *m = json_pack("{s:s}", "method", method);
	json_object_set_new(m, "params", params ? params : json_object());
	lsp_send(s, m);
}

/* window/logMessage: type 1 error, 2 warning, 3 info, 4 log */
void lsp_log(lsp_server *s, int type, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lsp_notify(s, "window/logMessage", json_pack("{s:i,s:s}", "type", type, "message", msg));
}

/* The lexicon loads on first need, so that initialize answers at once; a
 * failure is told to the client and retried on the next need. */
int lsp_ensure_data(lsp_server *s)
{
	tw_error err = {0};
	if (!s->lex) {
		if (tw_lexicon_open(&s->lex, NULL, &err)) {
			lsp_log(s, 1, "tongwen: cannot load the lexicon: %s", err.message);
			return -1;
		}
		s->own_lex = 1;
	}
	return 0;
}

/* The profile for "convert selection" (the settings' or hk2cn), loaded
 * when first used and again when the settings name another; a bad name
 * costs that action only, not the diagnostics. */
int lsp_ensure_profile(lsp_server *s)
{
	const char *want = s->settings.profile ? s->settings.profile : "hk2cn";
	if (s->profile && s->profile_name && !strcmp(s->profile_name, want))
		return 0;
	tw_profile *p = NULL;
	tw_error err = {0};
	if (tw_profile_open(&p, want, NULL, &err)) {
		lsp_log(s, 1, "tongwen: cannot load profile %s: %s", want, err.message);
		return -1;
	}
	if (s->own_profile)
		tw_profile_free(s->profile);
	s->profile = p;
	s->own_profile = 1;
	free(s->profile_name);
	s->profile_name = strdup(want);
	return 0;
}

lsp_server *lsp_server_new(lsp_write_fn write, void *userdata, tw_lexicon *lex,
                           tw_profile *profile)
{
	lsp_server *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->write = write;
	s->userdata = userdata;
	s->lex = lex;
	s->profile = profile;
	s->profile_name = profile ? strdup("hk2cn") : NULL;
	s->unit = TW_UNIT_UTF16;
	s->settings.target = -1;
	s->settings.debounce_ms = 150;
	strcpy(s->trace, "off");
	return s;
}

void lsp_server_free(lsp_server *s)
{
	if (!s)
		return;
	lsp_docs_free(s);
	lsp_configs_reset(s);
	lsp_settings_free(&s->settings);
	free(s->merged_rules);
	lsp_reader_free(&s->reader);
	if (s->own_lex)
		tw_lexicon_free(s->lex);
	if (s->own_profile)
		tw_profile_free(s->profile);
	free(s->profile_name);
	free(s->root);
	free(s);
}

int lsp_server_done(const lsp_server *s, int *status)
{
	if (status)
		*status = s->shutdown ? 0 : 1;
	return s->exited;
}

/* The first of the client's position encodings that the server speaks
 * (LSP 3.17 general.positionEncodings; clangd's offsetEncoding before). */
static const char *negotiate(lsp_server *s, json_t *caps, int *legacy)
{
	json_t *list = json_object_get(json_object_get(caps, "general"), "positionEncodings");
	*legacy = 0;
	if (!json_is_array(list)) {
		list = json_object_get(caps, "offsetEncoding");
		*legacy = json_is_array(list);
	}
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *e = json_string_value(v);
		if (!e)
			continue;
		if (!strcmp(e, "utf-8") || !strcmp(e, "utf-32") || !strcmp(e, "utf-16")) {
			s->unit = !strcmp(e, "utf-8")    ? TW_UNIT_BYTE
			          : !strcmp(e, "utf-32") ? TW_UNIT_CODEPOINT
			                                 : TW_UNIT_UTF16;
			return e;
		}
	}
	s->unit = TW_UNIT_UTF16;
	return "utf-16";
}

static void initialize(lsp_server *s, json_t *id, json_t *params)
{
	if (s->initialized) {
		lsp_reply_error(s, id, RPC_INVALID_REQUEST, "initialize was already received");
		return;
	}
	json_t *caps = json_object_get(params, "capabilities");
	int legacy;
	const char *enc = negotiate(s, caps, &legacy);
	s->pull = json_object_get(json_object_get(caps, "textDocument"), "diagnostic") != NULL;
	s->pull_refresh = json_is_true(json_object_get(
	    json_object_get(json_object_get(caps, "workspace"), "diagnostics"), "refreshSupport"));
	s->watch_dynamic = json_is_true(json_object_get(
	    json_object_get(json_object_get(caps, "workspace"), "didChangeWatchedFiles"),
	    "dynamicRegistration"));
	const char *root_uri = json_string_value(json_object_get(params, "rootUri"));
	json_t *folders = json_object_get(params, "workspaceFolders");
	if (!root_uri && json_array_size(folders))
		root_uri = json_string_value(json_object_get(json_array_get(folders, 0), "uri"));
	if (root_uri)
		s->root = lsp_uri_to_path(root_uri);
	else if (json_string_value(json_object_get(params, "rootPath")))
		s->root = strdup(json_string_value(json_object_get(params, "rootPath")));
	const char *trace = json_string_value(json_object_get(params, "trace"));
	if (trace)
		snprintf(s->trace, sizeof s->trace, "%s", trace);
	json_t *opts = json_object_get(params, "initializationOptions");
	char *why = NULL;
	if (opts && lsp_settings_apply(s, opts, &why)) {
		lsp_log(s, 1, "tongwen: initializationOptions: %s", why);
		free(why);
	}
	json_t *sync = json_pack("{s:b,s:i,s:{s:b}}", "openClose", 1, "change", 2, "save",
	                         "includeText", 0);
	json_t *capabilities = json_pack(
	    "{s:s,s:o,s:{s:[s,s,s,s],s:b},s:b,s:{s:[s,s]}}", "positionEncoding", enc,
	    "textDocumentSync", sync, "codeActionProvider", "codeActionKinds", "quickfix",
	    "refactor.rewrite", "source.fixAll", "source.fixAll.tongwen", "resolveProvider", 0,
	    "hoverProvider", 1, "executeCommandProvider", "commands", "tongwen.acceptWord",
	    "tongwen.fixAll");
	if (s->pull)
		json_object_set_new(capabilities, "diagnosticProvider",
		                    json_pack("{s:s,s:b,s:b}", "identifier", "tongwen",
		                              "interFileDependencies", 0, "workspaceDiagnostics", 0));
	json_t *result = json_pack("{s:o,s:{s:s,s:s}}", "capabilities", capabilities, "serverInfo",
	                           "name", "tongwen", "version", tw_version());
	if (legacy)
		json_object_set_new(result, "offsetEncoding", json_string(enc));
	s->initialized = 1;
	lsp_reply(s, id, result);
}

/* Asks the client to tell us when a .tongwen.ini changes. */
static void initialized(lsp_server *s)
{
	if (!s->watch_dynamic)
		return;
	json_t *reg = json_pack(
	    "{s:[{s:s,s:s,s:{s:[{s:s}]}}]}", "registrations", "id", "tongwen-ini", "method",
	    "workspace/didChangeWatchedFiles", "registerOptions", "watchers", "globPattern",
	    "**/" TW_CONFIG_NAME);
	json_t *m = json_pack("{s:I,s:s}", "id", (json_int_t)++s->next_request_id, "method",
	                      "client/registerCapability");
	json_object_set_new(m, "params", reg);
	lsp_send(s, m);
}

static void did_change_configuration(lsp_server *s, json_t *params)
{
	json_t *settings = json_object_get(params, "settings");
	char *why = NULL;
	if (settings && lsp_settings_apply(s, settings, &why)) {
		lsp_log(s, 1, "tongwen: settings: %s", why);
		free(why);
	}
	lsp_recheck_all(s);
}

/* Handles one message; cancelled: a later $/cancelRequest named it. */
static void dispatch(lsp_server *s, json_t *msg, int cancelled)
{
	json_t *id = json_object_get(msg, "id");
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *params = json_object_get(msg, "params");
	if (!method) {
		/* a response to our request (registerCapability): nothing to do */
		if (!id || (!json_object_get(msg, "result") && !json_object_get(msg, "error")))
			lsp_reply_error(s, id, RPC_INVALID_REQUEST, "neither a request nor a response");
		return;
	}
	if (id && !json_is_integer(id) && !json_is_string(id)) {
		lsp_reply_error(s, json_null(), RPC_INVALID_REQUEST, "id must be a number or a string");
		return;
	}
	if (strcmp(s->trace, "off") && strcmp(method, "$/setTrace") && strcmp(method, "exit"))
		lsp_notify(s, "$/logTrace",
		           json_pack("{s:s}", "message", id ? "received request" : "received notification"));
	if (!strcmp(method, "exit")) {
		s->exited = 1;
		return;
	}
	if (cancelled && id) {
		lsp_reply_error(s, id, RPC_CANCELLED, "request cancelled");
		return;
	}
	if (!strcmp(method, "initialize")) {
		if (id)
			initialize(s, id, params);
		return;
	}
	if (!s->initialized) {
		if (id)
			lsp_reply_error(s, id, RPC_NOT_INITIALIZED, "the server is not initialized");
		return;
	}
	if (s->shutdown) {
		if (id)
			lsp_reply_error(s, id, RPC_INVALID_REQUEST, "the server is shut down");
		return;
	}
	if (!strcmp(method, "shutdown")) {
		s->shutdown = 1;
		lsp_reply(s, id, NULL);
		return;
	}
	if (id && params && !json_is_object(params) && !json_is_array(params)) {
		lsp_reply_error(s, id, RPC_INVALID_PARAMS, "params must be an object");
		return;
	}
	if (!id) {
		if (!strcmp(method, "initialized"))
			initialized(s);
		else if (!strcmp(method, "textDocument/didOpen"))
			lsp_did_open(s, params);
		else if (!strcmp(method, "textDocument/didChange"))
			lsp_did_change(s, params);
		else if (!strcmp(method, "textDocument/didClose"))
			lsp_did_close(s, params);
		else if (!strcmp(method, "textDocument/didSave"))
			lsp_did_save(s, params);
		else if (!strcmp(method, "workspace/didChangeConfiguration"))
			did_change_configuration(s, params);
		else if (!strcmp(method, "workspace/didChangeWatchedFiles")) {
			lsp_configs_reset(s);
			lsp_recheck_all(s);
		} else if (!strcmp(method, "$/setTrace")) {
			const char *v = json_string_value(json_object_get(params, "value"));
			if (v && (!strcmp(v, "off") || !strcmp(v, "messages") || !strcmp(v, "verbose")))
				snprintf(s->trace, sizeof s->trace, "%s", v);
		}
		/* other notifications ($/cancelRequest handled earlier, $/…) are ignored */
		return;
	}
	if (!strcmp(method, "textDocument/codeAction"))
		lsp_code_action(s, id, params);
	else if (!strcmp(method, "workspace/executeCommand"))
		lsp_execute_command(s, id, params);
	else if (!strcmp(method, "textDocument/hover"))
		lsp_hover(s, id, params);
	else if (!strcmp(method, "textDocument/diagnostic"))
		lsp_pull_diagnostics(s, id, params);
	else
		lsp_reply_error(s, id, RPC_METHOD_NOT_FOUND, "unknown method %s", method);
}

static int same_id(json_t *a, json_t *b)
{
	return a && b && json_equal(a, b);
}

void lsp_server_feed(lsp_server *s, const char *data, size_t n)
{
	if (lsp_reader_push(&s->reader, data, n)) {
		lsp_log(s, 1, "tongwen: out of memory reading a message");
		return;
	}
	/* Everything complete is parsed first, so that a cancellation that
	 * arrived with its request is honoured before the work is done. */
	json_t *queue = json_array();
	const char *body, *what;
	size_t len;
	int rc;
	while (!s->exited && (rc = lsp_reader_next(&s->reader, &body, &len, &what)) != 0) {
		if (rc < 0) {
			lsp_reply_error(s, json_null(), RPC_PARSE_ERROR, "%s", what);
			continue;
		}
		json_error_t je;
		json_t *m = json_loadb(body, len, JSON_ALLOW_NUL, &je);
		if (!m || !json_is_object(m)) {
			lsp_reply_error(s, json_null(), m ? RPC_INVALID_REQUEST : RPC_PARSE_ERROR,
			                m ? "a message must be a JSON object" : "invalid JSON at byte %d: %s",
			                je.position, je.text);
			json_decref(m);
			continue;
		}
		const char *method = json_string_value(json_object_get(m, "method"));
		if (method && !strcmp(method, "$/cancelRequest")) {
			json_t *cid = json_object_get(json_object_get(m, "params"), "id");
			size_t i;
			json_t *q;
			json_array_foreach(queue, i, q)
			{
				if (same_id(json_object_get(q, "id"), cid))
					json_object_set_new(q, CANCEL_KEY, json_true());
			}
			json_decref(m);
			continue;
		}
		json_array_append_new(queue, m);
		if (method && !strcmp(method, "exit"))
			break;
	}
	size_t i;
	json_t *q;
	json_array_foreach(queue, i, q)
	{
		if (s->exited)
			break;
		dispatch(s, q, json_object_get(q, CANCEL_KEY) != NULL);
		/* with no debounce, a change is published before the next message */
		lsp_server_flush(s, 0);
	}
	json_decref(queue);
	lsp_server_flush(s, 0);
}

long lsp_server_timeout(const lsp_server *s)
{
	long long now = lsp_now_ms(), best = -1;
	for (const lsp_doc *d = s->docs; d; d = d->next)
		if (d->due_ms >= 0 && (best < 0 || d->due_ms < best))
			best = d->due_ms;
	if (best < 0)
		return -1;
	return best <= now ? 0 : (long)(best - now);
}

void lsp_server_flush(lsp_server *s, int force)
{
	if (s->shutdown)
		return;
	long long now = lsp_now_ms();
	for (lsp_doc *d = s->docs; d; d = d->next)
		if (d->due_ms >= 0 && (force || d->due_ms <= now)) {
			d->due_ms = -1;
			lsp_publish(s, d);
		}
}

static int write_fd(void *userdata, const char *data, size_t n)
{
	int fd = *(int *)userdata;
	while (n) {
		ssize_t w = write(fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		n -= (size_t)w;
	}
	return 0;
}

int lsp_main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--stdio"))
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs("usage: tongwen lsp [--stdio]\n"
			      "Runs the tongwen Language Server (LSP 3.17) on standard input/output.\n",
			      stdout);
			return 0;
		}
		fprintf(stderr, "tongwen lsp: unknown option '%s' (the server speaks on stdio)\n",
		        argv[i]);
		return 2;
	}
	int out = 1;
	lsp_server *s = lsp_server_new(write_fd, &out, NULL, NULL);
	if (!s) {
		fputs("tongwen lsp: out of memory\n", stderr);
		return 1;
	}
	char buf[65536];
	int status = 1;
	while (!lsp_server_done(s, &status)) {
		struct pollfd p = { 0, POLLIN, 0 };
		long t = lsp_server_timeout(s);
		int r = poll(&p, 1, t < 0 ? -1 : (int)(t > 60000 ? 60000 : t));
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0) {
			ssize_t n = read(0, buf, sizeof buf);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break; /* the client went away without exit */
			lsp_server_feed(s, buf, (size_t)n);
		}
		lsp_server_flush(s, 0);
	}
	lsp_server_done(s, &status);
	lsp_server_free(s);
	return status;
}
