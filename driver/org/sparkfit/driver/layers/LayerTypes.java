package org.sparkfit.driver.layers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.sparkfit.driver.keras.Names;

/**
 * Every layer type sparkfit builds, found once per JVM among the {@link LayerType} classes of this package in
 * sparkfit's own jar (or classes directory), so that no list of them is kept by hand; and for Keras layers DL4J
 * lacks, the nearest one it has: a job naming one is told what to use instead.
 */
public final class LayerTypes {
    /** One type a job may write: its name, Keras' class name, and the class that binds it. */
    private record Type(String name, String kerasClass, Class<? extends KerasLayer> layer) {
    }

    private static final List<Type> TYPES = scan();

    private static final Map<String, String> NEAREST = Map.of(
            "gru", "DL4J 1.0.0-M2.1 has no GRU layer; use lstm, which takes the same units and return_sequences",
            "layer_normalization", "DL4J 1.0.0-M2.1 has no layer normalization; use batch_normalization",
            "bidirectional", "sparkfit has no bidirectional wrapper; use lstm",
            "text_vectorization", "text is vectorized by the data source, not a layer: set data.train.format: text "
                    + "with vectorization multi_hot or sequence (docs/CONFIG.md)");

    private LayerTypes() {
    }

    private static List<Type> scan() {
        ClassLoader loader = KerasLayer.class.getClassLoader();
        List<Type> types = new ArrayList<>();
        try (ScanResult scan = new ClassGraph().enableClassInfo().enableAnnotationInfo()
                .overrideClasspath(KerasLayer.class.getProtectionDomain().getCodeSource().getLocation())
                .acceptPackagesNonRecursive(KerasLayer.class.getPackageName()).scan()) {
            for (ClassInfo info : scan.getClassesWithAnnotation(LayerType.class)) {
                Class<? extends KerasLayer> layer = Class.forName(info.getName(), false, loader)
                        .asSubclass(KerasLayer.class);
                if (!layer.isRecord()) {
                    throw new IllegalStateException(layer + " must be a record: its components are its settings");
                }
                LayerType names = layer.getAnnotation(LayerType.class);
                for (int i = 0; i < names.value().length; i++) {
                    types.add(new Type(names.value()[i], names.keras()[i], layer));
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load a layer class", e);
        }
        types.sort(Comparator.comparing(Type::name));
        return List.copyOf(types);
    }

    /** Every type name a job may write, alphabetical. */
    public static List<String> known() {
        return TYPES.stream().map(Type::name).toList();
    }

    /** Each layer class under each of its type names, for the binding of {@code type}. */
    public static NamedType[] named() {
        return TYPES.stream().map(t -> new NamedType(t.layer(), t.name())).toArray(NamedType[]::new);
    }

    /** The types {@code layer} stands for, in its {@link LayerType} order. */
    static List<String> types(Class<? extends KerasLayer> layer) {
        return List.of(layer.getAnnotation(LayerType.class).value());
    }

    /** Keras' class name of {@code type}, one of {@code layer}'s. */
    static String kerasClass(Class<? extends KerasLayer> layer, String type) {
        LayerType names = layer.getAnnotation(LayerType.class);
        return names.keras()[Arrays.asList(names.value()).indexOf(type)];
    }

    /** The type a job writes for Keras' class {@code kerasClass} (MaxPooling2D), or null when sparkfit has none. */
    public static String ofKerasClass(String kerasClass) {
        return TYPES.stream().filter(t -> t.kerasClass().equals(kerasClass)).map(Type::name).findFirst()
                .orElse(NEAREST.containsKey(Names.snakeCase(kerasClass)) ? Names.snakeCase(kerasClass) : null);
    }

    /**
     * The settings a layer of {@code type} takes, as Keras names them in a saved model's config ({@code units},
     * {@code kernel_size}): its record's components, less {@code type} and {@code name}; none for a type sparkfit
     * does not build (a Keras layer DL4J lacks, refused with its advice when the job is bound).
     */
    public static List<String> settings(String type) {
        Class<? extends KerasLayer> layer = TYPES.stream().filter(t -> t.name().equals(type)).findFirst()
                .map(Type::layer).orElse(null);
        if (layer == null) {
            return List.of();
        }
        return Arrays.stream(layer.getRecordComponents()).map(c -> c.getAccessor().isAnnotationPresent(
                JsonProperty.class) ? c.getAccessor().getAnnotation(JsonProperty.class).value() : c.getName())
                .filter(name -> !name.equals("type") && !name.equals("name")).toList();
    }

    /** The message for a layer whose {@code type} is missing or not one sparkfit builds. */
    public static String unknown(String type) {
        if (type == null) {
            return "missing layer type; sparkfit knows: " + String.join(", ", known());
        }
        if (NEAREST.containsKey(type)) {
            return "layer type '" + type + "' is not available: " + NEAREST.get(type);
        }
        return "unknown layer type '" + type + "'" + Names.suggestion(type, known()) + "; sparkfit knows: "
                + String.join(", ", known());
    }
}
