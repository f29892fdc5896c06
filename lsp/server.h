/* The server's state, shared by its parts (server.c: lifecycle and
 * dispatch; documents.c; diagnostics.c; actions.c; settings.c). */
#ifndef TW_LSP_SERVER_H
#define TW_LSP_SERVER_H

#include "lsp.h"

/* JSON-RPC error codes */
enum {
	RPC_PARSE_ERROR = -32700,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	RPC_INTERNAL_ERROR = -32603,
	RPC_NOT_INITIALIZED = -32002,
	RPC_REQUEST_FAILED = -32803,
	RPC_CANCELLED = -32800
};

/* Settings from initializationOptions / didChangeConfiguration, over the
 * .tongwen.ini that applies to a document. */
typedef struct lsp_settings {
	int target;         /* -1: not set */
	char *profile;      /* NULL: not set */
	tw_rule_setting *rules;
	char **rule_names;
	size_t n_rules;
	long debounce_ms;   /* default 150 */
} lsp_settings;

typedef struct lsp_doc {
	char *uri;
	char *path;  /* the local file of a file: URI, or NULL */
	char *language;
	long long version;
	char *text;
	size_t len;
	tw_lines *lines;
	/* the last check, of text at checked_version */
	tw_findings *findings;
	char *check_error; /* a document that cannot be parsed: why */
	size_t check_error_offset;
	long long checked_version;
	long long pulled_version; /* the version a pull last returned, or -1 */
	int checked;
	long long due_ms; /* publish diagnostics at this time; -1: nothing due */
	struct lsp_doc *next;
} lsp_doc;

/* A cached .tongwen.ini, by directory. */
typedef struct lsp_config {
	char *dir;
	tw_config *cfg; /* NULL: none applies */
	char *error;    /* the file is malformed: its message */
	struct lsp_config *next;
} lsp_config;

struct lsp_server {
	lsp_write_fn write;
	void *userdata;
	lsp_reader reader;
	tw_lexicon *lex;
	tw_profile *profile; /* the settings' or hk2cn */
	char *profile_name;
	int own_lex, own_profile;
	char *load_error;
	int initialized, shutdown, exited;
	tw_unit unit;           /* the negotiated position encoding */
	int pull;               /* the client pulls diagnostics */
	int pull_refresh;       /* … and may be told to pull again */
	int watch_dynamic;      /* the client lets us register a file watcher */
	char *root;             /* workspace root directory, or NULL */
	char trace[16];
	lsp_settings settings;
	tw_rule_setting *merged_rules; /* the ini's rules, then the settings' */
	lsp_doc *docs;
	lsp_config *configs;
	long long next_request_id;
};

/* server.c */
long long lsp_now_ms(void);
void lsp_send(lsp_server *s, json_t *msg); /* steals msg */
void lsp_send_raw(lsp_server *s, const char *body, size_t n); /* a complete JSON message */
void lsp_reply(lsp_server *s, json_t *id, json_t *result); /* steals result */
void lsp_reply_error(lsp_server *s, json_t *id, int code, const char *fmt, ...);
void lsp_notify(lsp_server *s, const char *method, json_t *params);
void lsp_log(lsp_server *s, int type, const char *fmt, ...);
int lsp_ensure_data(lsp_server *s);
int lsp_ensure_profile(lsp_server *s);

/* documents.c */
lsp_doc *lsp_doc_find(lsp_server *s, const char *uri);
void lsp_did_open(lsp_server *s, json_t *params);
void lsp_did_change(lsp_server *s, json_t *params);
void lsp_did_close(lsp_server *s, json_t *params);
void lsp_did_save(lsp_server *s, json_t *params);
void lsp_docs_free(lsp_server *s);
char *lsp_uri_to_path(const char *uri);
char *lsp_path_to_uri(const char *path);
tw_markup lsp_doc_markup(const lsp_doc *d);
/* JSON Position of a byte offset, and back (-1: malformed position) */
json_t *lsp_position(const lsp_server *s, const lsp_doc *d, size_t offset);
json_t *lsp_range(const lsp_server *s, const lsp_doc *d, size_t off, size_t len);
long long lsp_offset(const lsp_server *s, const lsp_doc *d, json_t *pos);

/* diagnostics.c */
void lsp_schedule(lsp_server *s, lsp_doc *d);
int lsp_check(lsp_server *s, lsp_doc *d); /* checks if stale; 0 ok */
void lsp_publish(lsp_server *s, lsp_doc *d);
void lsp_clear(lsp_server *s, const char *uri);
void lsp_recheck_all(lsp_server *s);
void lsp_pull_diagnostics(lsp_server *s, json_t *id, json_t *params);
void lsp_hover(lsp_server *s, json_t *id, json_t *params);

/* actions.c */
void lsp_code_action(lsp_server *s, json_t *id, json_t *params);
void lsp_execute_command(lsp_server *s, json_t *id, json_t *params);

/* settings.c */
int lsp_settings_apply(lsp_server *s, json_t *settings, char **why);
void lsp_settings_free(lsp_settings *st);
/* The check and document options for d (pointers valid until the
 * configuration cache changes); 0, or -1 with *why for a bad ini. */
int lsp_options(lsp_server *s, const lsp_doc *d, tw_check_options *co, tw_doc_options *dopt,
                const char **why);
const tw_config *lsp_config_for(lsp_server *s, const lsp_doc *d, const char **why);
void lsp_configs_reset(lsp_server *s);
int lsp_accept_word(lsp_server *s, const lsp_doc *d, const char *word, char **why);

#endif
