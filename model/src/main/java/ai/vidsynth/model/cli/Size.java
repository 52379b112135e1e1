package ai.vidsynth.model.cli;

import picocli.CommandLine;

/** A {@code WIDTHxHEIGHT} option value. */
public record Size(int width, int height) {

    public static Size parse(String s) {
        String[] p = s.toLowerCase().split("x");
        if (p.length != 2) {
            throw new CommandLine.TypeConversionException("expected WIDTHxHEIGHT, got " + s);
        }
        return new Size(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    }

    /** picocli converter. */
    public static final class Converter implements CommandLine.ITypeConverter<Size> {
        @Override
        public Size convert(String value) {
            return parse(value);
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
