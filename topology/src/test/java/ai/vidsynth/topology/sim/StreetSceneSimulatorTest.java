package ai.vidsynth.topology.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vidsynth.model.image.ContactSheet;
import ai.vidsynth.model.labels.LabelColours;
import ai.vidsynth.model.labels.LabelFrame;
import ai.vidsynth.model.labels.LabelSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StreetSceneSimulatorTest {

    static Set<Integer> labels(LabelFrame f) {
        Set<Integer> s = new TreeSet<>();
        for (byte b : f.labels()) {
            s.add(b & 0xff);
        }
        return s;
    }

    static int carPixels(LabelFrame f, int instance) {
        int n = 0;
        for (int id : f.instances()) {
            n += id == instance ? 1 : 0;
        }
        return n;
    }

    @Test
    void sameSeedAndIndexGiveTheSameFrame() {
        assertEquals(new StreetSceneSimulator(3, 256, 128).frame(17), new StreetSceneSimulator(3, 256, 128).frame(17));
        assertNotEquals(new StreetSceneSimulator(3, 256, 128).frame(17), new StreetSceneSimulator(4, 256, 128).frame(17));
    }

    @Test
    void aStreetWithMovingCars() throws Exception {
        StreetSceneSimulator sim = new StreetSceneSimulator(1, 256, 128);
        LabelFrame a = sim.frame(0);
        LabelFrame b = sim.frame(5);
        assertTrue(labels(a).containsAll(List.of(7, 8, 23, 26)), labels(a).toString());
        assertTrue(labels(a).stream().allMatch(LabelSet.CITYSCAPES_35::contains));
        assertNotEquals(a, b, "the scene moves");
        ContactSheet sheet = new ContactSheet();
        for (int i = 0; i < 3; i++) {
            sheet.addRow(List.of(LabelColours.paint(sim.frame(i * 4), LabelSet.CITYSCAPES_35),
                    LabelColours.paint(sim.frame(i * 4 + 2), LabelSet.CITYSCAPES_35)));
        }
        sheet.render().writePng(Path.of("target/simulator-sheet.png"));
    }
}
