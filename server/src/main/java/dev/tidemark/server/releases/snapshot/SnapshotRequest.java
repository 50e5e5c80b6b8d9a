package dev.tidemark.server.releases.snapshot;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A snapshot request, JSON or multipart:
 *
 * <ul>
 *   <li>JSON: {@code {"service":…, "commit":…, "baseline":…, "environment":{…},
 *       "artifacts":[{"name":"package-lock.json","content":"…","kind":"npm_lock"}]}} ({@code kind}
 *       optional: detected from name and content).
 *   <li>multipart/form-data: fields {@code service}, {@code commit}, {@code baseline}, {@code
 *       environment} (JSON text), and one file part per artifact (a part named after a kind, e.g.
 *       {@code junit_xml}, sets the kind; any other name detects it).
 * </ul>
 *
 * {@code service} may also come from {@code ?service=}. Files are read by {@link #artifacts()}, on
 * a worker thread.
 */
public record SnapshotRequest(
    String service,
    String commit,
    String baseline,
    JsonObject environment,
    Supplier<List<Artifact>> artifacts,
    List<String> kinds) {

  public static SnapshotRequest of(RoutingContext ctx) {
    String query = ctx.queryParams().get("service");
    String type = String.valueOf(ctx.request().getHeader("Content-Type"));
    if (type.startsWith("multipart/form-data")) {
      return multipart(ctx, query);
    }
    JsonObject body;
    try {
      body = ctx.body().buffer() == null ? null : new JsonObject(ctx.body().asString());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read snapshot: body is not a JSON object", e);
    }
    if (body == null) {
      throw new IllegalArgumentException(
          "cannot read snapshot: empty body; send JSON or multipart/form-data");
    }
    List<Artifact> artifacts = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    Object raw = body.getValue("artifacts", new JsonArray());
    if (!(raw instanceof JsonArray list)) {
      throw new IllegalArgumentException("cannot read snapshot: \"artifacts\" must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject a)
          || !(a.getValue("name") instanceof String name)
          || !(a.getValue("content") instanceof String content)) {
        throw new IllegalArgumentException(
            "cannot read snapshot: artifact "
                + (i + 1)
                + " needs \"name\" and \"content\" strings");
      }
      artifacts.add(new Artifact(name, content));
      kinds.add(a.getValue("kind") instanceof String k ? k : null);
    }
    Object env = body.getValue("environment");
    if (env != null && !(env instanceof JsonObject)) {
      throw new IllegalArgumentException("cannot read snapshot: \"environment\" must be an object");
    }
    return new SnapshotRequest(
        service(query, text(body, "service")),
        text(body, "commit"),
        text(body, "baseline"),
        (JsonObject) env,
        () -> artifacts,
        kinds);
  }

  private static SnapshotRequest multipart(RoutingContext ctx, String query) {
    var form = ctx.request().formAttributes();
    JsonObject env = null;
    if (form.get("environment") != null) {
      env =
          dev.tidemark.releases.artifact.JsonText.object(
              new Artifact("environment", form.get("environment")));
    }
    List<String> kinds = new ArrayList<>();
    List<String[]> files = new ArrayList<>();
    for (FileUpload f : ctx.fileUploads()) {
      files.add(new String[] {f.fileName(), f.uploadedFileName()});
      kinds.add(isKind(f.name()) ? f.name() : null);
    }
    Supplier<List<Artifact>> read =
        () -> {
          List<Artifact> out = new ArrayList<>();
          for (String[] f : files) {
            try {
              out.add(
                  new Artifact(
                      f[0], new String(Files.readAllBytes(Path.of(f[1])), StandardCharsets.UTF_8)));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return out;
        };
    return new SnapshotRequest(
        service(query, form.get("service")),
        form.get("commit"),
        form.get("baseline"),
        env,
        read,
        kinds);
  }

  private static boolean isKind(String name) {
    try {
      dev.tidemark.releases.artifact.ArtifactKind.named("", name);
      return true;
    } catch (ArtifactException e) {
      return false;
    }
  }

  private static String service(String query, String body) {
    String s = query != null ? query : body;
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(
          "cannot read snapshot: no service; pass \"service\" in the body or ?service=");
    }
    return s;
  }

  private static String text(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v != null && !(v instanceof String)) {
      throw new IllegalArgumentException(
          "cannot read snapshot: \"" + field + "\" must be a string");
    }
    return (String) v;
  }
}
