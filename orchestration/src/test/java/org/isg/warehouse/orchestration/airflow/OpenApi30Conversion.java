package org.isg.warehouse.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Airflow publishes its OpenAPI documents in 3.1 form; swagger-request-validator-core 2.x checks
 * types only in 3.0 form. The rewrite keeps every constraint that 3.0 can say:
 * {@code anyOf} with a {@code null} branch becomes the other branch plus {@code nullable: true}
 * (a {@code $ref} branch is replaced by a copy of the schema it names, since 3.0 ignores siblings
 * of {@code $ref} and the validator ignores {@code nullable} on a typeless {@code allOf}),
 * {@code type: [x, "null"]} becomes {@code type: x} plus {@code nullable}, {@code const} a one-value
 * {@code enum}, a numeric {@code exclusiveMinimum} the 3.0 boolean form. {@code prefixItems} (the
 * per-position types of a pair) has no 3.0 form: it becomes {@code items} of any of those types,
 * and the array's length limits stay. One fix is not about 3.1: a path parameter whose schema has
 * no type (trigger's {@code dag_id}) gets {@code type: string}, because the validator otherwise
 * parses the path segment as JSON and refuses every DAG id.
 */
final class OpenApi30Conversion
{
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private OpenApi30Conversion() {}

    static String convert(Path openApi31Yaml)
            throws IOException
    {
        JsonNode document = YAML.readTree(openApi31Yaml.toFile());
        if (!document.path("openapi").asText().startsWith("3.1")) {
            throw new IllegalArgumentException(openApi31Yaml + " is not an OpenAPI 3.1 document");
        }
        ObjectNode converted = (ObjectNode) rewrite(document);
        inlineNullableReferences(converted, (ObjectNode) converted.path("components").path("schemas"), new java.util.HashSet<>());
        converted.put("openapi", "3.0.3");
        return new ObjectMapper().writeValueAsString(converted);
    }

    private static JsonNode rewrite(JsonNode node)
    {
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int index = 0; index < array.size(); index++) {
                array.set(index, rewrite(array.get(index)));
            }
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = (ObjectNode) node;
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            field.setValue(rewrite(field.getValue()));
        }
        rewriteNullableAnyOf(object);
        JsonNode type = object.get("type");
        if (type != null && type.isArray()) {
            List<JsonNode> types = new ArrayList<>();
            type.forEach(types::add);
            if (types.removeIf(candidate -> candidate.asText().equals("null"))) {
                object.put("nullable", true);
            }
            if (types.size() == 1) {
                object.set("type", types.get(0));
            }
        }
        JsonNode constant = object.get("const");
        if (constant != null && constant.isValueNode()) {
            object.remove("const");
            object.putArray("enum").add(constant);
        }
        JsonNode exclusiveMinimum = object.get("exclusiveMinimum");
        if (exclusiveMinimum != null && exclusiveMinimum.isNumber()) {
            object.set("minimum", exclusiveMinimum);
            object.put("exclusiveMinimum", true);
        }
        // A path segment is text; the validator parses a parameter whose schema has no type as JSON
        if (object.path("in").asText().equals("path") && object.path("schema").isObject() && !object.path("schema").has("type")) {
            ((ObjectNode) object.path("schema")).put("type", "string");
        }
        JsonNode prefixItems = object.remove("prefixItems");
        if (prefixItems != null && !object.has("items")) {
            object.putObject("items").set("anyOf", prefixItems);
        }
        return object;
    }

    /**
     * The validator ignores {@code nullable} on a schema without a type, so a nullable
     * {@code allOf: [$ref]} still refuses null: the referenced schema is copied in its place,
     * with {@code nullable: true} (a schema that refers to itself stays as it is).
     */
    private static void inlineNullableReferences(JsonNode node, ObjectNode schemas, java.util.Set<String> expanding)
    {
        if (node.isArray()) {
            for (JsonNode element : node) {
                inlineNullableReferences(element, schemas, expanding);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            String reference = value.path("allOf").path(0).path("$ref").asText();
            if (value.path("nullable").asBoolean() && value.path("allOf").size() == 1 && reference.startsWith("#/components/schemas/")) {
                String name = reference.substring("#/components/schemas/".length());
                if (!expanding.contains(name) && schemas.has(name)) {
                    ObjectNode copy = schemas.get(name).deepCopy();
                    copy.put("nullable", true);
                    if (copy.has("enum")) {
                        // An enumeration lists its values; null must be one of them to pass
                        ((ArrayNode) copy.get("enum")).addNull();
                    }
                    value.fields().forEachRemaining(sibling -> {
                        if (!sibling.getKey().equals("allOf") && !copy.has(sibling.getKey())) {
                            copy.set(sibling.getKey(), sibling.getValue());
                        }
                    });
                    expanding.add(name);
                    inlineNullableReferences(copy, schemas, expanding);
                    expanding.remove(name);
                    field.setValue(copy);
                    continue;
                }
            }
            inlineNullableReferences(value, schemas, expanding);
        }
    }

    private static void rewriteNullableAnyOf(ObjectNode object)
    {
        JsonNode anyOf = object.get("anyOf");
        if (anyOf == null || !anyOf.isArray()) {
            return;
        }
        List<JsonNode> branches = new ArrayList<>();
        anyOf.forEach(branches::add);
        if (!branches.removeIf(branch -> branch.size() == 1 && branch.path("type").asText().equals("null"))) {
            return;
        }
        object.put("nullable", true);
        object.remove("anyOf");
        if (branches.size() > 1) {
            object.putArray("anyOf").addAll(branches);
            return;
        }
        JsonNode only = branches.get(0);
        if (only.has("$ref")) {
            object.putArray("allOf").add(only);
            return;
        }
        only.fields().forEachRemaining(field -> {
            if (!object.has(field.getKey())) {
                object.set(field.getKey(), field.getValue());
            }
        });
    }
}
