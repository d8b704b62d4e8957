/*
 * The real kernel's side of the issue-4 benchmarks, to set the simulator's figures against:
 *   1. page faults per second: write one byte per page of a fresh 1 GB private anonymous mapping;
 *   2. mmap/munmap pairs per second (4 KB private anonymous, hint-less);
 *   3. fork() of a process with 10,000 VMAs (alternating protections so they cannot merge).
 * Build and run:  gcc -O2 -o /tmp/mmbench mmbench.c && /tmp/mmbench [FAULT_MB [PAIRS [VMAS]]]
 * The defaults (1024 MB, 1,000,000 pairs, 10,000 VMAs) are the simulator's benchmarks' sizes; smaller
 * ones make a quick run (mmdsl.bench/run.sh --quick) or a smoke run (BenchmarkSmokeTest).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this thread (user + system: the kernel's fault handling is system time), which a
 * loaded machine does not inflate the way it inflates the wall clock */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void faults(size_t mb)
{
	const size_t len = mb << 20;
	for (int round = 0; round < 3; round++) {
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return;
		}
		madvise(p, len, MADV_NOHUGEPAGE);
		double t = now();
		double c = cpu();
		for (size_t off = 0; off < len; off += 4096)
			p[off] = 1;
		double dc = cpu() - c;
		double dt = now() - t;
		printf("faults: %zu MB range write, %zu faults in %.3f s = %.0f faults/s (CPU %.3f s = %.0f faults/s)\n",
		       mb, len / 4096, dt, (len / 4096) / dt, dc, (len / 4096) / dc);
		munmap(p, len);
	}
}

static void mmap_munmap(int n)
{
	double t = now();
	for (int i = 0; i < n; i++) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return;
		}
		munmap(p, 4096);
	}
	double dt = now() - t;
	printf("mmap/munmap: %d pairs in %.3f s = %.0f pairs/s\n", n, dt, n / dt);
}

static void fork_vmas(int nvma)
{
	char *base = mmap(NULL, (size_t)nvma * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		perror("mmap");
		return;
	}
	for (int i = 0; i < nvma; i += 2)
		mprotect(base + (size_t)i * 4096, 4096, PROT_READ);
	for (int round = 0; round < 5; round++) {
		double t = now();
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		double dt = now() - t;
		waitpid(pid, NULL, 0);
		printf("fork: %d VMAs, fork() took %.3f ms in the parent\n", nvma, dt * 1e3);
	}
}

int main(int argc, char **argv)
{
	size_t mb = argc > 1 ? strtoul(argv[1], NULL, 10) : 1024;
	int pairs = argc > 2 ? atoi(argv[2]) : 1000000;
	int nvma = argc > 3 ? atoi(argv[3]) : 10000;
	if (mb == 0 || pairs <= 0 || nvma <= 0) {
		fprintf(stderr, "usage: mmbench [FAULT_MB [PAIRS [VMAS]]] (positive numbers)\n");
		return 2;
	}
	faults(mb);
	mmap_munmap(pairs);
	fork_vmas(nvma);
	return 0;
}
