package ai.vidsynth.model.labels;

import java.util.List;

/**
 * The Cityscapes label set: 35 label ids (0..34 with {@code label_nc=35}, as pix2pixHD and vid2vid use it),
 * their names, display colours and the 19 standard training ids used for evaluation.
 */
public final class LabelSet {

    /** One Cityscapes label: id, name, trainId (255 = ignored in evaluation), display colour. */
    public record Label(int id, String name, int trainId, int rgb) {}

    public static final int IGNORE_TRAIN_ID = 255;

    private static final List<Label> CITYSCAPES = List.of(
            new Label(0, "unlabeled", 255, 0x000000),
            new Label(1, "ego vehicle", 255, 0x000000),
            new Label(2, "rectification border", 255, 0x000000),
            new Label(3, "out of roi", 255, 0x000000),
            new Label(4, "static", 255, 0x000000),
            new Label(5, "dynamic", 255, 0x6f4a00),
            new Label(6, "ground", 255, 0x510051),
            new Label(7, "road", 0, 0x804080),
            new Label(8, "sidewalk", 1, 0xf423e8),
            new Label(9, "parking", 255, 0xfaaaa0),
            new Label(10, "rail track", 255, 0xe6968c),
            new Label(11, "building", 2, 0x464646),
            new Label(12, "wall", 3, 0x66669c),
            new Label(13, "fence", 4, 0xbe9999),
            new Label(14, "guard rail", 255, 0xb4a5b4),
            new Label(15, "bridge", 255, 0x966464),
            new Label(16, "tunnel", 255, 0x965a78),
            new Label(17, "pole", 5, 0x999999),
            new Label(18, "polegroup", 255, 0x999999),
            new Label(19, "traffic light", 6, 0xfaaa1e),
            new Label(20, "traffic sign", 7, 0xdcdc00),
            new Label(21, "vegetation", 8, 0x6b8e23),
            new Label(22, "terrain", 9, 0x98fb98),
            new Label(23, "sky", 10, 0x4682b4),
            new Label(24, "person", 11, 0xdc143c),
            new Label(25, "rider", 12, 0xff0000),
            new Label(26, "car", 13, 0x00008e),
            new Label(27, "truck", 14, 0x000046),
            new Label(28, "bus", 15, 0x003c64),
            new Label(29, "caravan", 255, 0x00005a),
            new Label(30, "trailer", 255, 0x00006e),
            new Label(31, "train", 16, 0x005064),
            new Label(32, "motorcycle", 17, 0x0000e6),
            new Label(33, "bicycle", 18, 0x770b20),
            new Label(34, "license plate", 255, 0x00008e));

    public static final LabelSet CITYSCAPES_35 = new LabelSet("cityscapes-35", CITYSCAPES);

    private final String name;
    private final List<Label> labels;

    private LabelSet(String name, List<Label> labels) {
        this.name = name;
        this.labels = labels;
    }

    /** Looks a label set up by the name a model card records. */
    public static LabelSet byName(String name) {
        if (CITYSCAPES_35.name.equals(name)) {
            return CITYSCAPES_35;
        }
        throw new IllegalArgumentException("unknown label set '" + name + "' (known: cityscapes-35)");
    }

    public String name() {
        return name;
    }

    /** Number of label ids, i.e. channels of the one-hot encoding. */
    public int size() {
        return labels.size();
    }

    public boolean contains(int labelId) {
        return labelId >= 0 && labelId < labels.size();
    }

    public Label label(int labelId) {
        return labels.get(labelId);
    }

    public int trainId(int labelId) {
        return contains(labelId) ? labels.get(labelId).trainId() : IGNORE_TRAIN_ID;
    }

    public int colour(int labelId) {
        return contains(labelId) ? labels.get(labelId).rgb() : 0;
    }

    public int idOf(String labelName) {
        return labels.stream().filter(l -> l.name().equals(labelName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no label named " + labelName)).id();
    }
}
