package org.sparkfit.driver.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.sparkfit.driver.ConfigException;
import org.sparkfit.driver.keras.Names;
import org.sparkfit.driver.layers.LayerTypes;

/**
 * Reads a job file: YAML ({@link YamlTree}: plain data, no object construction, no key given twice), command-line
 * overrides, strict
 * binding (unknown keys and wrong types rejected with the key path and a suggestion), then validation.
 */
public final class JobConfigLoader {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .registerSubtypes(LayerTypes.named())
            .build();

    private JobConfigLoader() {
    }

    /**
     * Parses {@code text}, read from {@code source} (named in messages), applies {@code overrides} and validates.
     *
     * @throws ConfigException naming the file and key of the first mistake
     */
    public static JobConfig parse(String text, String source, List<String> overrides) {
        return parse(YamlTree.read(text, source, "", false), source, overrides);
    }

    /** Binds and validates a job given as a tree (a {@link JobBuilder}'s), as {@link #parse} binds its YAML's. */
    static JobConfig parse(ObjectNode tree, String source) {
        return parse(tree, source, List.of());
    }

    /**
     * Parses the {@code config.yaml} of a run directory, read from {@code source}: as {@link #parse}, but a key
     * written twice with the same value, as sparkfit 0.1 wrote a pooling or recurrent layer's type, is read once.
     */
    public static JobConfig parseSaved(String text, String source) {
        return parseSaved(text, source, List.of());
    }

    /** As {@link #parseSaved(String, String)}, with {@code overrides} applied (another held-out set to score). */
    public static JobConfig parseSaved(String text, String source, List<String> overrides) {
        return parse(YamlTree.read(text, source, "", true), source, overrides);
    }

    /**
     * Parses the job of sparkfit's Spark ML Estimator, read from {@code source}: as {@link #parse}, its data set
     * being a DataFrame's {@code features} columns (one vector or array, or numbers) and {@code label} column (format
     * {@code dataframe}, as
     * {@code data.train} and {@code data.test}), which the job itself leaves out.
     *
     * @throws ConfigException naming the key of the first mistake, or a data set the job names itself
     */
    public static JobConfig parseForDataFrame(String text, String source, List<String> features, String label) {
        JsonNode tree = YamlTree.read(text, source, "", false);
        if (tree instanceof ObjectNode root) {
            ObjectNode data = root.has("data") && root.get("data") instanceof ObjectNode given ? given
                    : root.putObject("data");
            for (String key : List.of("train", "test", "validation_split")) {
                if (data.has(key)) {
                    throw new ConfigException("data." + key, "the Estimator trains on the Dataset given "
                            + "to fit and holds out what validationFraction or validationIndicatorCol says; leave "
                            + "data.train, data.test and data.validation_split out");
                }
                if (!key.equals("validation_split")) {
                    ObjectNode frame = data.putObject(key).put("format", "dataframe").put("label", label);
                    features.forEach(frame.putArray("features")::add);
                }
            }
        }
        return parse(tree, source, List.of());
    }

    private static JobConfig parse(JsonNode tree, String source, List<String> overrides) {
        if (!(tree instanceof ObjectNode root)) {
            throw new ConfigException(source, "a job file is a YAML mapping with keys data, model, compile, fit, "
                    + "spark, output; see docs/CONFIG.md");
        }
        Overrides.apply(root, overrides);
        KerasModelFile.expand(root);
        JobConfig config;
        try {
            config = YAML.treeToValue(root, JobConfig.class);
        } catch (JsonProcessingException e) {
            throw translate(e, root);
        }
        JobValidator.validate(config);
        return config;
    }

    /**
     * The resolved job as YAML, defaults written out, readable back by {@link #parse}. It goes through a tree so that
     * a layer type shared by two Keras names (max/average pooling, simple_rnn/lstm) is written once, as the layer's
     * own {@code type}, rather than also as the name Jackson registers for the class.
     */
    public static String toYaml(JobConfig config) {
        try {
            return YAML.writeValueAsString(YAML.valueToTree(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the job as YAML", e);
        }
    }

    private static ConfigException translate(JsonProcessingException e, JsonNode root) {
        List<JsonMappingException.Reference> refs = e instanceof JsonMappingException m ? m.getPath() : List.of();
        String key = path(refs);
        if (e instanceof UnrecognizedPropertyException u) {
            String unknown = u.getPropertyName();
            String full = key.isEmpty() ? unknown : key;
            if (SourceConfig.class.isAssignableFrom(u.getReferringClass()) && SourceConfig.FORMATS.stream()
                    .anyMatch(f -> SourceConfig.keys(SourceConfig.type(f)).contains(unknown))) {
                String format = SourceConfig.format(u.getReferringClass());
                List<String> takes = SourceConfig.keys(u.getReferringClass());
                return new ConfigException(full, "does not apply to format " + format + ": " + format + " takes "
                        + (takes.size() == 2 ? String.join(" and ", takes) : String.join(", ", takes)));
            }
            return new ConfigException(full, "unknown key" + Names.suggestion(unknown, u.getKnownPropertyIds())
                    + "; keys here: " + names(u.getKnownPropertyIds()));
        }
        if (e instanceof InvalidTypeIdException t && t.getBaseType().isTypeOrSubTypeOf(SourceConfig.class)) {
            List<String> formats = SourceConfig.FORMATS;
            return new ConfigException(key + ".format", t.getTypeId() == null ? "missing: one of "
                    + String.join(", ", formats) : "unknown format '" + t.getTypeId() + "'"
                    + Names.suggestion(t.getTypeId(), formats) + "; sparkfit reads " + String.join(", ", formats));
        }
        if (e instanceof InvalidTypeIdException t) {
            return new ConfigException(key + ".type", LayerTypes.unknown(t.getTypeId()));
        }
        if ((e instanceof InputCoercionException ? e : e.getCause()) instanceof InputCoercionException c) {
            return new ConfigException(key, "expected " + describe(c.getTargetType()) + ", got " + root.at(pointer(refs))
                    + ", beyond the range a whole number here takes");
        }
        if (e instanceof MismatchedInputException m) {
            JsonNode value = root.at(pointer(refs));
            String got = value.isMissingNode() ? "another kind of value"
                    : value.isTextual() ? "'" + value.asText() + "'" : value.toString();
            return new ConfigException(key, "expected " + describe(m.getTargetType()) + ", got " + got);
        }
        return new ConfigException(key, e.getOriginalMessage().lines().findFirst().orElse("invalid value"));
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping of keys";
    }

    private static com.fasterxml.jackson.core.JsonPointer pointer(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            sb.append('/').append(ref.getFieldName() != null ? ref.getFieldName().replace("~", "~0").replace("/", "~1")
                    : Integer.toString(ref.getIndex()));
        }
        return com.fasterxml.jackson.core.JsonPointer.compile(sb.toString());
    }

    private static String names(Collection<Object> known) {
        return known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
