/* A worker thread that runs one job at a time for the thread that owns
 * it: the owner posts a job, goes on with work of its own, then waits for
 * the job to finish. The conversion stream (convert/stream.c) converts a
 * piece on it while the owner converts the next; the check stream
 * (check/check_stream.c) checks the next piece ahead on it. */
#ifndef TW_WORKER_H
#define TW_WORKER_H

#include <pthread.h>

typedef struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	void (*run)(void *);
	void *arg;
	int started, pending, done, quit;
} worker;

/* Starts the thread unless it runs already: 0, or -1 if it cannot. */
int worker_start(worker *w);
/* Has the started worker run run(arg); the owner must not touch what the
 * job touches until worker_wait returns. */
void worker_post(worker *w, void (*run)(void *), void *arg);
/* Waits for the posted job to finish. */
void worker_wait(worker *w);
/* Ends and joins the thread, if started (no job may be posted). */
void worker_stop(worker *w);

#endif
