/* A pool of worker threads over numbered items, with results handed back in
 * item order: batches run in parallel yet print exactly what a serial run
 * prints. */
#include <pthread.h>
#include <stdlib.h>

#include "cli.h"

typedef struct pool {
	size_t n, next, emitted, window;
	unsigned char *done;
	void (*work)(void *, size_t);
	void *ud;
	pthread_mutex_t lock;
	pthread_cond_t changed;
} pool;

static void *worker(void *arg)
{
	pool *p = arg;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		/* no item runs more than window ahead of the one printed next, so
		 * buffered results stay bounded */
		while (p->next < p->n && p->next >= p->emitted + p->window)
			pthread_cond_wait(&p->changed, &p->lock);
		if (p->next >= p->n)
			break;
		size_t i = p->next++;
		pthread_mutex_unlock(&p->lock);
		p->work(p->ud, i);
		pthread_mutex_lock(&p->lock);
		p->done[i] = 1;
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int pool_run(size_t n, int jobs, void (*work)(void *, size_t), void (*emit)(void *, size_t),
             void *ud)
{
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > n)
		jobs = n ? (int)n : 1;
	if (jobs == 1) {
		for (size_t i = 0; i < n; i++) {
			work(ud, i);
			emit(ud, i);
		}
		return 0;
	}
	pool p = {.n = n, .window = 4 * (size_t)jobs, .work = work, .ud = ud};
	p.done = calloc(n, 1);
	pthread_t *t = malloc((size_t)jobs * sizeof *t);
	if (!p.done || !t) {
		free(p.done);
		free(t);
		die_msg("out of memory");
		return -1;
	}
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);
	int started = 0;
	for (; started < jobs; started++)
		if (pthread_create(&t[started], NULL, worker, &p))
			break;
	if (!started) {
		/* no thread at all: do the work here */
		for (size_t i = 0; i < n; i++) {
			work(ud, i);
			emit(ud, i);
		}
	} else {
		pthread_mutex_lock(&p.lock);
		for (size_t i = 0; i < n; i++) {
			while (!p.done[i])
				pthread_cond_wait(&p.changed, &p.lock);
			pthread_mutex_unlock(&p.lock);
			emit(ud, i);
			pthread_mutex_lock(&p.lock);
			p.emitted = i + 1;
			pthread_cond_broadcast(&p.changed);
		}
		pthread_mutex_unlock(&p.lock);
	}
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.changed);
	free(p.done);
	free(t);
	return 0;
}
