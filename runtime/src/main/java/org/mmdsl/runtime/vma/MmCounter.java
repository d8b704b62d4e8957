package org.mmdsl.runtime.vma;

import org.mmdsl.runtime.uapi.KernelWord;

/**
 * The resident-set counters of an mm (include/linux/mm_types_task.h enum {MM_FILEPAGES, MM_ANONPAGES,
 * MM_SWAPENTS, MM_SHMEMPAGES}, in mm->rss_stat), in pages, as a scenario checks them ({@code expect rss anon 3});
 * get_mm_rss() is file + anon + shmem. {@link MmStruct#rssCounter} reads one.
 *
 * <p>2.6.24 had two counters, mm->_file_rss and mm->_anon_rss: a shmem page counted as a file page, and the
 * swap entries of an mm were not counted (MM_SWAPENTS came in 2.6.34, MM_SHMEMPAGES in 4.5).
 */
public enum MmCounter implements KernelWord {
    FILE("file", "MM_FILEPAGES", null, "resident file pages (RssFile; 2.6.24's file_rss, shmem pages included)"),
    ANON("anon", "MM_ANONPAGES", null, "resident anonymous pages (RssAnon; 2.6.24's anon_rss)"),
    SWAP("swap", "MM_SWAPENTS", "2.6.34", "anonymous swap entries in the mm's ptes (VmSwap); not part of get_mm_rss()"),
    SHMEM("shmem", "MM_SHMEMPAGES", "4.5", "resident shmem pages: shared anonymous memory, tmpfs, memfd (RssShmem)");

    private final String word;
    private final String kernelName;
    private final String since;
    private final String doc;

    MmCounter(String word, String kernelName, String since, String doc) {
        this.word = word;
        this.kernelName = kernelName;
        this.since = since;
        this.doc = doc;
    }

    /** The counter a scenario spells {@code word} ("anon"), or null. */
    public static MmCounter byWord(String word) {
        return KernelWord.byWord(values(), word);
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String kernelName() {
        return kernelName;
    }

    /** Its index in rss_stat (NR_MM_COUNTERS is 4). */
    @Override
    public long value() {
        return ordinal();
    }

    @Override
    public String since() {
        return since;
    }

    @Override
    public String doc() {
        return doc;
    }
}
