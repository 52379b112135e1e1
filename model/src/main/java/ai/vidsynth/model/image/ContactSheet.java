package ai.vidsynth.model.image;

import java.util.ArrayList;
import java.util.List;

/**
 * A grid of equally sized images (rows of e.g. label | output | real), with a thin dark gutter, for
 * side-by-side sheets in docs and demo output.
 */
public final class ContactSheet {

    private static final int GUTTER = 2;

    private final List<List<RgbImage>> rows = new ArrayList<>();

    public ContactSheet addRow(List<RgbImage> row) {
        rows.add(List.copyOf(row));
        return this;
    }

    public RgbImage render() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("empty sheet");
        }
        int cellW = rows.get(0).get(0).width();
        int cellH = rows.get(0).get(0).height();
        int cols = rows.stream().mapToInt(List::size).max().orElse(1);
        int w = cols * cellW + (cols + 1) * GUTTER;
        int h = rows.size() * cellH + (rows.size() + 1) * GUTTER;
        byte[] rgb = new byte[w * h * 3];
        java.util.Arrays.fill(rgb, (byte) 24);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                RgbImage cell = rows.get(r).get(c).resized(cellW, cellH);
                int ox = GUTTER + c * (cellW + GUTTER);
                int oy = GUTTER + r * (cellH + GUTTER);
                for (int y = 0; y < cellH; y++) {
                    System.arraycopy(cell.rgb(), 3 * y * cellW, rgb, 3 * ((oy + y) * w + ox), 3 * cellW);
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
