/* SPDX-License-Identifier: Apache-2.0 */
/* llist.c - bench kernel: singly linked lists built, searched, reversed and merge-sorted through many
 * small non-inlined functions (firmware list handling). */
#include <stdint.h>
#include "vp_rt.h"
#include "datapage.h"
#define NODES 1024
#define ROUNDS 315
#define NOINLINE __attribute__((noinline))
struct node { struct node *next; int32_t key; uint32_t val; };
static struct node pool[NODES];
static uint32_t seed = 0x2545f491u;
static NOINLINE uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }
static NOINLINE struct node *node_init(struct node *n, int32_t key, uint32_t val)
{
    n->key = key; n->val = val; n->next = 0;
    return n;
}
static NOINLINE struct node *push(struct node *head, struct node *n) { n->next = head; return n; }
static NOINLINE int node_cmp(const struct node *a, const struct node *b)
{
    return a->key < b->key ? -1 : a->key > b->key;
}
static NOINLINE int node_is(const struct node *n, int32_t key) { return n->key == key; }
static NOINLINE struct node *find(struct node *head, int32_t key)
{
    for (; head; head = head->next)
        if (node_is(head, key)) return head;
    return 0;
}
static NOINLINE struct node *reverse(struct node *head)
{
    struct node *prev = 0;
    while (head) { struct node *nx = head->next; head->next = prev; prev = head; head = nx; }
    return prev;
}
static NOINLINE struct node *merge(struct node *a, struct node *b)
{
    struct node dummy, *t = &dummy;
    while (a && b) {
        if (node_cmp(a, b) <= 0) { t->next = a; a = a->next; }
        else { t->next = b; b = b->next; }
        t = t->next;
    }
    t->next = a ? a : b;
    return dummy.next;
}
static NOINLINE struct node *split(struct node *head) /* detaches and returns the second half */
{
    struct node *slow = head, *fast = head->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *second = slow->next;
    slow->next = 0;
    return second;
}
static NOINLINE struct node *sort(struct node *head)
{
    if (!head || !head->next) return head;
    struct node *second = split(head);
    return merge(sort(head), sort(second));
}
static NOINLINE uint32_t fold(const struct node *head)
{
    uint32_t h = 0;
    for (unsigned i = 0; head; head = head->next, i++) h = (h * 31u) ^ (uint32_t)head->key ^ (head->val << (i & 7));
    return h;
}
static NOINLINE int sorted(const struct node *head)
{
    for (; head && head->next; head = head->next)
        if (node_cmp(head, head->next) > 0) return 0;
    return 1;
}
static NOINLINE struct node *remove_key(struct node *head, int32_t key)
{
    struct node **pp = &head;
    while (*pp && !node_is(*pp, key)) pp = &(*pp)->next;
    if (*pp) *pp = (*pp)->next;
    return head;
}
int main(void)
{
    if (bench_datapage != 1) vp_exit(2);
    uint32_t sum = 0, found = 0;
    for (int r = 0; r < ROUNDS; r++) {
        struct node *head = 0;
        for (unsigned i = 0; i < NODES; i++)
            head = push(head, node_init(&pool[i], (int32_t)(rnd() % 4096u) - 2048, i));
        for (int q = 0; q < 24; q++) {
            struct node *n = find(head, (int32_t)(rnd() % 4096u) - 2048);
            if (n) { found++; sum += n->val; }
        }
        head = reverse(head);
        sum ^= fold(head);
        head = sort(head);
        if (!sorted(head)) { vp_puts("llist: not sorted\n"); vp_exit(1); }
        for (int q = 0; q < 8; q++) head = remove_key(head, pool[rnd() % NODES].key);
        sum += fold(head);
    }
    vp_puts("llist "); vp_puthex(sum, 8); vp_putc(' '); vp_putdec(found); vp_putc('\n');
    vp_exit(0);
}
