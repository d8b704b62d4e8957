// What check-code-server.mjs must see in code-server, as a user reads it on the screen (examples/
// pictures-i386.mmdsl and brokenScenario below). Run it with MMDSL_CODE_SERVER_RECORD=1 to see what is shown
// now (target/code-server/seen.json), then change this file by hand after looking at the screenshots.
export const EXPECTED = {
  brokenScenario: `// a scenario with a mistake: the handle is spelled wrong
boot ram 64MB

process init <
  mmap buf 8KB rw- private anon
  write bfu+4KB value 42
>
`,

  // the Problems panel: the file's row, then the diagnostic (message, source mmdsl, code, position)
  problems: `broken.mmdsl 1
no mapping named 'bfu' is visible here: a handle is the name an earlier \`mmap NAME ...\` of this process \
(or of the process it was forked or cloned from) gave mmdsl unknown-name [Ln 6, Col 9]`,

  // the hover over \`buf\` in \`write buf+4KB value 42\` (line 15, column 9)
  hoverAt: '15:9',
  hover: `0xb7fdb000 in init (pid 1)

VMA b7fda000-b7fea000 rw-p 00000000 00:00 0

page walk

0xb7fdb000 (i386 2-level paging) = pgd 735 (bits 31-22) | pte 987 (bits 21-12) | offset 0x000 (bits 11-0)
cr3 0x2003000: the pgd at pfn 0x2003
pgd index  735 (0x2df)  entry @0x2003b7c = 0x2004067   [P RW US A D]  -> pte table at pfn 0x2004
pte index  987 (0x3db)  entry @0x2004f6c = 0x36bfe067  [P RW US A D]  -> 4 KB page at pfn 0x36bfe
physical address 0x36bfe000 = 4 KB page 0x36bfe000 + offset 0x000 (bits 11-0)

frame pfn 0x36bfe (paddr 0x36bfe000), zone HighMem: flags uptodate|lru|swapbacked|highmem|anon, refcount 1, mapcount 1

state after line 15 ran`,

  // the lenses above \`process init <\`
  lenses: `9 VMAs · 1 page fault — show /proc/1/maps | picture`,

  // the document the maps lens opens beside the editor
  maps: `/proc/1/maps of init after its block
08048000-08052000 r-xp 00000000 fe:00 1000000    /sbin/init
08052000-08054000 rw-p 0000a000 fe:00 1000000    /sbin/init
08054000-08057000 rw-p 00000000 00:00 0          [heap]
08057000-08078000 rw-p 00000000 00:00 0          [heap]
b7fda000-b7fea000 rw-p 00000000 00:00 0
b7fea000-b7ffa000 r-xp 00000000 fe:00 1000001    /lib/libc.so.6
b7ffa000-b7ffe000 r--p 00000000 00:00 0          [vvar]
b7ffe000-b8000000 r-xp 00000000 00:00 0          [vdso]
bffdf000-c0000000 rw-p 00000000 00:00 0          [stack]`,

  // the webview the block's picture lens opens: its header and the SVG's own title
  picture: { 'title': 'maps of init (pid 1)', 'where': 'pictures-i386.mmdsl:8', 'svgTitle': 'maps of init (pid 1)' },
};
