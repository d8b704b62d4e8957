package org.mmdsl.picture;

import java.util.EnumMap;
import java.util.Map;

/**
 * The colours of the pictures, one per {@link Role}, as 0xRRGGBB: the light palette every renderer
 * shares (svg.SvgRenderer for the SVG files and the report, the Eclipse plug-in's SWT renderer), so a
 * heap tile or a free frame has the same colour wherever it is drawn. The background is painted too,
 * which keeps the palette readable in a dark theme.
 */
public final class Palette {
    /** The picture's background. */
    public static final int BACKGROUND = 0xfcfcfa;
    /** A role without a colour of its own (none today). */
    public static final int FALLBACK = 0xc0c0c0;

    private static final Map<Role, Integer> RGB = new EnumMap<>(Role.class);

    static {
        RGB.put(Role.INK, 0x1b1b1b);
        RGB.put(Role.MUTED, 0x555555);
        RGB.put(Role.BORDER, 0x4a4a4a);
        RGB.put(Role.TEXT_SEGMENT, 0xf3a5a5);
        RGB.put(Role.DATA, 0xf6c98b);
        RGB.put(Role.HEAP, 0x9fd8a8);
        RGB.put(Role.ANON, 0xa9c9f0);
        RGB.put(Role.FILE, 0xc9b3e6);
        RGB.put(Role.STACK, 0xf2e28a);
        RGB.put(Role.VDSO, 0x98d8d8);
        RGB.put(Role.DEVICE, 0xd2b48c);
        RGB.put(Role.GAP, 0xefefef);
        RGB.put(Role.GUARD, 0xffd6d6);
        RGB.put(Role.RAM, 0xd9e8f5);
        RGB.put(Role.FREE, 0xd5f0d5);
        RGB.put(Role.USER, 0x7fb2e5);
        RGB.put(Role.PAGE_CACHE, 0xb497d6);
        RGB.put(Role.SLAB, 0xf0a860);
        RGB.put(Role.PAGE_TABLE, 0xe07b7b);
        RGB.put(Role.KERNEL, 0xbdbdbd);
        RGB.put(Role.KERNEL_IMAGE, 0xd9a68a);
        RGB.put(Role.MEMMAP, 0xe6c27a);
        RGB.put(Role.RESERVED, 0x9e9e9e);
        RGB.put(Role.HOLE, 0xf4f4f4);
        RGB.put(Role.ZONE_DMA, 0xffd9a8);
        RGB.put(Role.ZONE_DMA32, 0xfff0a0);
        RGB.put(Role.ZONE_NORMAL, 0xbfe3c0);
        RGB.put(Role.ZONE_HIGHMEM, 0xb5d8f7);
        RGB.put(Role.USER_SPACE, 0xdcecfb);
        RGB.put(Role.DIRECT_MAP, 0xbfe3c0);
        RGB.put(Role.VMALLOC, 0xeef6e4);
        RGB.put(Role.VMALLOC_AREA, 0xa9d47c);
        RGB.put(Role.PKMAP, 0xfff6bd);
        RGB.put(Role.PKMAP_SLOT, 0xf7c23a);
        RGB.put(Role.FIXMAP, 0xffdfb0);
        RGB.put(Role.KMAP_LOCAL_SLOT, 0xf79a2a);
        RGB.put(Role.KERNEL_REGION, 0xd8ccc8);
        RGB.put(Role.INDEX, 0xffe083);
        RGB.put(Role.TABLE, 0xe2e2e2);
        RGB.put(Role.ENTRY, 0xc6e2a6);
        RGB.put(Role.PAGE, 0xb4e4fa);
        RGB.put(Role.FAULT, 0xf19b9b);
        RGB.put(Role.BAR, 0x90a4ae);
    }

    private Palette() {
    }

    /** The colour {@code role} is drawn in, 0xRRGGBB. */
    public static int rgb(Role role) {
        return RGB.getOrDefault(role, FALLBACK);
    }
}
