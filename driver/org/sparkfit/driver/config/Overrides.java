package org.sparkfit.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparkfit.driver.ConfigException;

/**
 * Command-line changes to a job file, {@code --set fit.epochs=1} or {@code --set model.layers[0].units=64}: each
 * replaces (or adds) the value at a dotted key path; the value is read as YAML, so numbers stay numbers.
 */
public final class Overrides {
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private Overrides() {
    }

    public static void apply(ObjectNode root, List<String> assignments) {
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + assignment, "expected KEY=VALUE, e.g. --set fit.epochs=1");
            }
            String key = assignment.substring(0, eq).trim();
            set(root, key, parse(key, assignment.substring(eq + 1)));
        }
    }

    private static JsonNode parse(String key, String value) {
        JsonNode node = YamlTree.read(value.isEmpty() ? "''" : value, key + ": --set value '" + value + "'", key, false);
        return node == null ? JsonNodeFactory.instance.nullNode() : node;
    }

    /** Sets {@code key} (a dotted path, as --set takes it) in {@code root} to {@code value}. */
    static void set(ObjectNode root, String key, JsonNode value) {
        String[] segments = key.split("\\.");
        JsonNode node = root;
        for (int s = 0; s < segments.length; s++) {
            Matcher m = SEGMENT.matcher(segments[s]);
            if (!m.matches()) {
                throw new ConfigException(key, "not a key path; write it like fit.epochs or model.layers[0].units");
            }
            boolean last = s == segments.length - 1;
            String field = m.group(1);
            List<Integer> indexes = new ArrayList<>();
            Matcher im = INDEX.matcher(m.group(2));
            while (im.find()) {
                indexes.add(Integer.parseInt(im.group(1)));
            }
            if (!(node instanceof ObjectNode object)) {
                throw new ConfigException(key, "'" + field + "' cannot be set: its parent is not a mapping");
            }
            if (indexes.isEmpty()) {
                if (last) {
                    object.set(field, value);
                    return;
                }
                node = object.has(field) ? object.get(field) : object.putObject(field);
                continue;
            }
            node = object.get(field);
            for (int i = 0; i < indexes.size(); i++) {
                int index = indexes.get(i);
                if (!(node instanceof ArrayNode array) || index >= array.size()) {
                    throw new ConfigException(key, "there is no element " + index + " to set");
                }
                if (last && i == indexes.size() - 1) {
                    array.set(index, value);
                    return;
                }
                node = array.get(index);
            }
        }
    }
}
