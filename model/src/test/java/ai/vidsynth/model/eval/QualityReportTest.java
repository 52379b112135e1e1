package ai.vidsynth.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityReportTest {

    static QualityReport report(Double ratio, boolean withReal) {
        Map<String, Double> gen = new LinkedHashMap<>();
        gen.put("road", 0.9);
        gen.put("car", 0.5);
        Map<String, Double> real = new LinkedHashMap<>(gen);
        real.put("person", 0.25);
        QualityReport.Scores g = new QualityReport.Scores(0.7, 0.85, 4.5, withReal ? 6.0 : null, 12.0, gen);
        QualityReport.Scores r = withReal ? new QualityReport.Scores(0.8, 0.9, 2.0, 3.0, 20.0, real) : null;
        return new QualityReport("data/seq0004", "model m:1", 30, "segmenter:1", g, r, ratio);
    }

    @Test
    void theTableShowsBothColumnsTheRatioAndEveryClass() {
        String table = report(0.875, true).toTable();
        assertTrue(table.contains("mean IoU ratio (gen / real)       0.875"), table);
        assertTrue(table.contains("flow-warped difference"), table);
        assertTrue(table.contains("  person"), "a class only the real frames have is listed: " + table);
        String labelsOnly = report(null, false).toTable();
        assertTrue(!labelsOnly.contains("ratio") && !labelsOnly.contains("flow-warped"), labelsOnly);
    }

    @Test
    void jsonRoundTripsAndTheSummaryHasARowPerReport() throws Exception {
        QualityReport r = report(0.875, true);
        assertEquals(r, new ObjectMapper().readValue(r.toJson(), QualityReport.class));
        String summary = QualityReport.summaryTable(List.of(r, report(null, false)));
        assertEquals(4, summary.lines().count(), summary);
        assertTrue(summary.lines().skip(2).allMatch(l -> l.startsWith("| seq0004 | model m:1 | 30 | 0.700 |")), summary);
    }

    @Test
    void theGoalTableHasTheThreeRatiosAndSaysWhatIsMissed() {
        // generated: mIoU ratio 0.875, sharpness 12 of 20 (0.6), flow-warped 6 of 3 (2.0)
        QualityGoal.Ratios r = QualityGoal.ratios(report(0.875, true));
        assertEquals(0.875, r.meanIou(), 1e-9);
        assertEquals(0.6, r.sharpness(), 1e-9);
        assertEquals(2.0, r.flowWarped(), 1e-9);
        assertTrue(!QualityGoal.DEFAULT_MODEL.met(r));
        assertTrue(new QualityGoal(0.85, 0.6, 2.0).met(r), "the bounds are inclusive");
        assertTrue(!new QualityGoal(0.85, 0.6, 1.99).met(r));
        String table = QualityGoal.DEFAULT_MODEL.table(List.of(report(0.875, true), report(null, false)));
        assertEquals(3, table.lines().count(), "a header, a rule and one row: the folder without camera frames has none\n" + table);
        assertTrue(table.contains("| seq0004 | model m:1 | **0.88** | **0.60** | **2.00** | not met |"), table);
    }
}
