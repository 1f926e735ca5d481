package org.smartbox.pickup;

import java.util.ArrayList;
import java.util.List;
import org.smartbox.pickup.Screen.InfoPages;
import org.smartbox.pickup.Screen.InfoPages.Page;

/** Lays the lines of an {@link InfoPages} screen out as the display shows them, page by page. */
final class InfoPaging {

    private InfoPaging() {
    }

    /**
     * Lines wrapped at the display's width, {@link InfoPages#PAGE_SIZE} to a page; a heading line
     * starts a new page and stands in the title line of its pages. Never no page at all.
     */
    static List<Page> pages(String title, List<String> lines) {
        List<Page> pages = new ArrayList<>();
        String heading = title;
        List<String> page = new ArrayList<>();
        for (String line : lines) {
            if (!line.isEmpty() && line.charAt(0) == InfoPages.HEADING) {
                if (!page.isEmpty()) {
                    pages.add(new Page(heading, List.copyOf(page)));
                    page.clear();
                }
                heading = line.substring(1);
                continue;
            }
            for (String shown : Wrap.lines(line)) {
                if (page.size() == InfoPages.PAGE_SIZE) {
                    pages.add(new Page(heading, List.copyOf(page)));
                    page.clear();
                }
                page.add(shown);
            }
        }
        if (!page.isEmpty() || pages.isEmpty()) {
            pages.add(new Page(heading, List.copyOf(page)));
        }
        return pages;
    }
}
