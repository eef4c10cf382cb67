package io.xenscope.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One built sample guest and its expected transcript. A sample directory {@code d} holds either
 * {@code expected.txt} for the image {@code d/d} built in the Makefile's {@code MODE} (pv unless
 * given), or, for a guest built in several modes ({@code MODES = pv pvh hvm}), one
 * {@code expected-<mode>.txt} per image {@code d/d-<mode>}. An hvm-realmode guest boots from the
 * raw disk {@code <image>.img}. A sample's name is its image's path under samples/ when the
 * directory has several ({@code hello/hello-pvh}), else the directory's name.
 */
record SampleImage(String name, String mode, Path image, Path expected) {
    static final Path SAMPLES = Path.of(System.getProperty("xenscope.samples.dir", "."));
    private static final Pattern MODE_LINE = Pattern.compile("(?m)^MODE\\s*=\\s*(\\S+)\\s*$");
    private static final Pattern EXPECTED_MODE = Pattern.compile("expected-([\\w-]+)\\.txt");

    /** Every sample image with an expected transcript, sorted by name. */
    static List<SampleImage> all() {
        List<SampleImage> images = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(SAMPLES)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("Makefile"))).sorted().toList()) {
                String d = dir.getFileName().toString();
                if (Files.isRegularFile(dir.resolve("expected.txt"))) {
                    images.add(new SampleImage(d, makefileMode(dir), dir.resolve(d), dir.resolve("expected.txt")));
                }
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        Matcher m = EXPECTED_MODE.matcher(f.getFileName().toString());
                        if (m.matches()) {
                            String file = d + "-" + m.group(1);
                            images.add(new SampleImage(d + "/" + file, m.group(1), dir.resolve(file), f));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return images;
    }

    static Stream<SampleImage> inMode(String mode) {
        return all().stream().filter(s -> s.mode.equals(mode));
    }

    static SampleImage named(String name) {
        return all().stream().filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample image " + name));
    }

    private static String makefileMode(Path dir) {
        try {
            Matcher m = MODE_LINE.matcher(Files.readString(dir.resolve("Makefile")));
            return m.find() ? m.group(1) : "pv";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a loader boots: the raw disk for hvm-realmode, the image file otherwise. */
    Path bootFile() {
        return mode.equals("hvm-realmode") ? image.resolveSibling(image.getFileName() + ".img") : image;
    }

    Transcript transcript() throws IOException {
        return Transcript.read(expected);
    }

    @Override
    public String toString() {
        return name;
    }
}
