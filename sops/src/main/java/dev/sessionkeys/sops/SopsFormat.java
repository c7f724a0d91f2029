package dev.sessionkeys.sops;

import java.nio.file.Path;
import java.util.Locale;

/** The sops stores sessionkeys reads and writes; like sops, chosen by file extension. */
public enum SopsFormat {
    YAML,
    /** Go's encoding/json types every number as a float, so ints are written and hashed as floats. */
    JSON;

    /** JSON for {@code *.json}, otherwise YAML. */
    public static SopsFormat forName(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }

    public static SopsFormat forPath(Path path) {
        Path name = path.getFileName();
        return name == null ? YAML : forName(name.toString());
    }

    SopsNode.Mapping read(String text, String source) {
        return this == JSON ? JsonStore.read(text, source) : YamlStore.read(text, source);
    }

    String write(SopsNode.Mapping tree) {
        return this == JSON ? JsonStore.write(tree) : YamlStore.write(tree);
    }
}
