package ai.vidsynth.model.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Sharpness by frame index as a line chart (PNG, with JFreeChart): one line per evaluated source, and the camera
 * frames' where the sequence has them. Blur that accumulates over a sequence (each vid2vid frame warps the
 * previous output) shows as a line that falls while the camera frames' stays level.
 */
public final class SharpnessPlot {

    private SharpnessPlot() {}

    /** One line per report (named by its source, and by its sequence where the reports span several). */
    public static void write(List<QualityReport> reports, String title, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        boolean severalSequences = reports.stream().map(QualityReport::folder).distinct().count() > 1;
        Set<String> realShown = new HashSet<>();
        for (QualityReport r : reports) {
            String sequence = severalSequences ? " (" + Path.of(r.folder()).getFileName() + ")" : "";
            data.addSeries(series(r.source() + sequence, r.generated().sharpnessByFrame()));
            if (r.real() != null && !r.real().sharpnessByFrame().isEmpty() && realShown.add(r.folder())) {
                data.addSeries(series("camera frames" + sequence, r.real().sharpnessByFrame()));
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "frame index", "sharpness (mean luminance gradient, 8-bit units)",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            lines.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(lines);
        if (png.toAbsolutePath().getParent() != null) {
            Files.createDirectories(png.toAbsolutePath().getParent());
        }
        // the legend takes a line per series: grow the picture with it so the chart keeps its height
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 460 + 22 * Math.max(0, data.getSeriesCount() - 6));
    }

    private static XYSeries series(String name, List<Double> values) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < values.size(); i++) {
            s.add(i, values.get(i));
        }
        return s;
    }
}
