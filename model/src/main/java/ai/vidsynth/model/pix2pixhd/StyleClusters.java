package ai.vidsynth.model.pix2pixhd;

import ai.vidsynth.model.labels.InstanceIds;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-class cluster centres of the encoder's instance features (pix2pixHD's multimodal synthesis): at
 * inference every instance of a class gets the centre chosen for that class. Centre 0 is the most common
 * style; a seed picks centres at random, a per-class choice overrides both.
 *
 * @param centres class label id → centres (each {@code featureChannels} long), largest cluster first
 */
public record StyleClusters(Map<Integer, float[][]> centres) {

    /** A style: an optional seed for random centres, and explicit per-class centre indices. */
    public record Choice(Long seed, Map<Integer, Integer> perClass) {
        public static final Choice DEFAULT = new Choice(null, Map.of());

        public static Choice seeded(long seed) {
            return new Choice(seed, Map.of());
        }
    }

    /** Which centre index each class present in {@code classes} uses under a choice. */
    public Map<Integer, Integer> resolve(Choice choice, Iterable<Integer> classes) {
        Map<Integer, Integer> picked = new TreeMap<>();
        Set<Integer> sorted = new TreeSet<>();
        classes.forEach(sorted::add);
        for (int cls : sorted) {
            float[][] options = centres.get(cls);
            if (options == null || options.length == 0) {
                continue;
            }
            int index;
            if (choice.perClass().containsKey(cls)) {
                index = Math.floorMod(choice.perClass().get(cls), options.length);
            } else if (choice.seed() != null) {
                // one generator per class, so adding a class to the frame does not change another's pick
                index = new Random(choice.seed() * 1_000_003L + cls).nextInt(options.length);
            } else {
                index = 0;
            }
            picked.put(cls, index);
        }
        return picked;
    }

    /** The feature vector for every instance id under a choice (instances of unclustered classes get none). */
    public Map<Integer, float[]> featuresFor(int[] instanceIds, Choice choice) {
        Set<Integer> instances = new TreeSet<>();
        Set<Integer> classes = new TreeSet<>();
        for (int id : instanceIds) {
            if (instances.add(id)) {
                classes.add(InstanceIds.classOf(id));
            }
        }
        Map<Integer, Integer> picked = resolve(choice, classes);
        Map<Integer, float[]> out = new TreeMap<>();
        for (int id : instances) {
            Integer idx = picked.get(InstanceIds.classOf(id));
            if (idx != null) {
                out.put(id, centres.get(InstanceIds.classOf(id))[idx]);
            }
        }
        return out;
    }

}
