/*
 * poll_table.c — the registrations of one ppoll or select call (see
 * poll.h): entries on the files' wait queues, the first few inside the
 * poll_wqueues, the rest in pages allocated as they come (Linux
 * fs/select.c poll_table_page), so there is no limit on descriptors. Each
 * entry wakes the polling task through pollwake, which ignores wake-ups
 * whose key names none of the events the file was polled for. No file
 * code here: tests/unit/test_poll_table.c drives it on the host.
 */
#include <poll.h>

#include <fs.h>
#include <page.h>
#include <uapi/errno.h>

/* One page of registrations; pages form a list, newest first. */
struct poll_table_page {
	struct poll_table_page *next;
	int nr;
	struct poll_table_entry entries[];
};

#define ENTRIES_PER_PAGE ((PAGE_SIZE - sizeof(struct poll_table_page)) / sizeof(struct poll_table_entry))

static void poll_wqueues_queue(struct poll_table *pt, struct wait_queue *wq);

void poll_wqueues_init(struct poll_wqueues *pw, struct task *task)
{
	pw->pt.qproc = poll_wqueues_queue;
	pw->pt.key = 0;
	pw->task = task;
	pw->file = NULL;
	pw->error = 0;
	pw->nr_inline = 0;
	pw->pages = NULL;
}

/* A free entry: inline first, then in the newest page (NULL: no memory). */
static struct poll_table_entry *entry_alloc(struct poll_wqueues *pt)
{
	if (pt->nr_inline < POLL_INLINE)
		return &pt->inline_entries[pt->nr_inline++];
	struct poll_table_page *page = pt->pages;
	if (!page || page->nr == (int)ENTRIES_PER_PAGE) {
		page = page_alloc(0);
		if (!page)
			return NULL;
		page->nr = 0;
		page->next = pt->pages;
		pt->pages = page;
	}
	return &page->entries[page->nr++];
}

static void entry_remove(struct poll_table_entry *e)
{
	unsigned long irq = spin_lock_irqsave(&e->wq->lock);
	list_del(&e->entry.node);
	spin_unlock_irqrestore(&e->wq->lock, irq);
	if (e->file)
		file_put(e->file);
}

/* Linux pollwake: a wake-up about other events than the file was polled
 * for leaves the poller asleep (key 0 concerns everyone). */
static int pollwake(struct wait_entry *we, unsigned mode, int flags, u64 key)
{
	struct poll_table_entry *e = container_of(we, struct poll_table_entry, entry);
	if (key && e->key && !(key & e->key))
		return 0;
	return default_wake_function(we, mode, flags, key);
}

static void poll_wqueues_queue(struct poll_table *table, struct wait_queue *wq)
{
	struct poll_wqueues *pt = container_of(table, struct poll_wqueues, pt);
	struct poll_table_entry *e = entry_alloc(pt);
	if (!e) {
		pt->error = -ENOMEM;
		return;
	}
	e->wq = wq;
	e->key = table->key;
	e->file = pt->file;
	if (e->file)
		file_get(e->file);
	e->entry.task = pt->task;
	e->entry.func = pollwake;
	e->entry.flags = 0;
	unsigned long irq = spin_lock_irqsave(&wq->lock);
	list_add_tail(&e->entry.node, &wq->waiters);
	spin_unlock_irqrestore(&wq->lock, irq);
}

void poll_wqueues_free(struct poll_wqueues *pt)
{
	for (int i = 0; i < pt->nr_inline; i++)
		entry_remove(&pt->inline_entries[i]);
	pt->nr_inline = 0;
	while (pt->pages) {
		struct poll_table_page *page = pt->pages;
		for (int i = 0; i < page->nr; i++)
			entry_remove(&page->entries[i]);
		pt->pages = page->next;
		page_free(page);
	}
}
