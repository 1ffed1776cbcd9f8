package org.sparkfit.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparkfit.driver.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML text into a plain tree as any YAML 1.1 reader would (anchors, aliases and merge keys resolved, scalars
 * typed by SnakeYAML's own rules), and refuses what a job file must not hold: a key given twice in one mapping
 * (where readers differ on which wins), a tag that would construct an object, an alias that contains itself. Every
 * refusal names the key path and the line.
 */
final class YamlTree {
    /** Tags of plain data; anything else (e.g. !!java.io.File) would construct an object. */
    private static final Set<Tag> PLAIN = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP,
            Tag.SEQ, Tag.MAP, Tag.MERGE);
    /** Nodes one document may expand to through aliases, far above any job file. */
    private static final int MAX_NODES = 100_000;

    private final Scalars scalars = new Scalars();
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private final boolean sameValueTwice;
    private int nodes;

    private YamlTree(boolean sameValueTwice) {
        this.sameValueTwice = sameValueTwice;
    }

    /**
     * The tree of {@code text}, read from {@code source} (named in messages), or null for an empty document.
     *
     * @param key            the key path the text is the value of ("" for a whole job file), prefixed to refusals'
     *                       paths
     * @param sameValueTwice whether a key given twice with the same plain value is let through (sparkfit 0.1 wrote
     *                       a layer's {@code type} twice into the config.yaml of its runs); any other repeat is refused
     * @throws ConfigException naming {@code source} and the line of a syntax error, or the key path of a refusal
     */
    static JsonNode read(String text, String source, String key, boolean sameValueTwice) {
        Node root;
        try {
            // Composing constructs nothing, so every tag may be read; convert() refuses those that are not plain.
            LoaderOptions options = new LoaderOptions();
            options.setTagInspector(tag -> true);
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = (e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark()).getLine() + 1;
            throw new ConfigException(source, "not valid YAML at line " + line + ": " + firstLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new ConfigException(source, "not valid YAML: " + firstLine(e.getMessage()));
        }
        return root == null ? null : new YamlTree(sameValueTwice).convert(root, key);
    }

    private JsonNode convert(Node node, String path) {
        if (++nodes > MAX_NODES) {
            throw new ConfigException(at(path), "the YAML expands to more than " + MAX_NODES + " values through "
                    + "its aliases; write the job out plainly");
        }
        if (!PLAIN.contains(node.getTag())) {
            throw new ConfigException(at(path), "the YAML tag " + node.getTag() + " (line " + line(node) + ") would "
                    + "construct an object; a job file holds plain values: remove the tag");
        }
        if (!open.add(node)) {
            throw new ConfigException(at(path), "a YAML alias (line " + line(node) + ") refers to a value that "
                    + "contains it; a job file cannot be recursive");
        }
        try {
            if (node instanceof MappingNode mapping) {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                entries(mapping, path).forEach((key, value) -> object.set(key, convert(value, join(path, key))));
                return object;
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    array.add(convert(items.get(i), path + "[" + i + "]"));
                }
                return array;
            }
            return scalar((ScalarNode) node);
        } finally {
            open.remove(node);
        }
    }

    /** A mapping's entries in order, merge keys ({@code <<: *defaults}) applied, a key given twice refused. */
    private Map<String, Node> entries(MappingNode mapping, String path) {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Node> merged = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (key.getTag().equals(Tag.MERGE)) {
                merge(tuple.getValueNode(), path, merged);
                continue;
            }
            if (!(key instanceof ScalarNode scalar)) {
                throw new ConfigException(at(path), "a key at line " + line(key) + " is a list or mapping; keys are "
                        + "plain names");
            }
            String name = scalar.getValue();
            Node earlier = entries.putIfAbsent(name, tuple.getValueNode());
            if (earlier != null && !(sameValueTwice && sameScalar(earlier, tuple.getValueNode()))) {
                throw new ConfigException(join(path, name), "given twice (lines " + line(earlier) + " and "
                        + line(tuple.getValueNode()) + "); keep one");
            }
        }
        merged.forEach(entries::putIfAbsent);
        return entries;
    }

    private static boolean sameScalar(Node a, Node b) {
        return a instanceof ScalarNode x && b instanceof ScalarNode y && x.getValue().equals(y.getValue());
    }

    private void merge(Node source, String path, Map<String, Node> into) {
        List<Node> sources = source instanceof SequenceNode list ? list.getValue() : List.of(source);
        for (Node each : sources) {
            if (!(each instanceof MappingNode mapping)) {
                throw new ConfigException(join(path, "<<"), "a merge key takes a mapping or a list of mappings "
                        + "(line " + line(each) + ")");
            }
            if (!open.add(mapping)) {
                throw new ConfigException(at(path), "a YAML merge (line " + line(each) + ") refers to a mapping "
                        + "that contains it; a job file cannot be recursive");
            }
            try {
                entries(mapping, path).forEach(into::putIfAbsent);
            } finally {
                open.remove(mapping);
            }
        }
    }

    private JsonNode scalar(ScalarNode node) {
        Object value = scalars.value(node);
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        return f.textNode(node.getValue());
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String at(String path) {
        return path.isEmpty() ? "(top level)" : path;
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("");
    }

    /** SnakeYAML's own scalar constructors (YAML 1.1 numbers, booleans, null), applied to one node at a time. */
    private static final class Scalars extends SafeConstructor {
        Scalars() {
            super(new LoaderOptions());
        }

        Object value(ScalarNode node) {
            return yamlConstructors.get(node.getTag()).construct(node);
        }
    }
}
