package dev.tidemark.server.ingest.remotewrite;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.airlift.compress.snappy.SnappyCompressor;
import java.util.Arrays;
import java.util.Map;

/**
 * Builds remote_write 1.0 WriteRequests with the real protobuf library from a schema that mirrors
 * prometheus/prompb (types.proto, remote.proto), so the encoder under test is not our own.
 */
public final class PromWrite {
  static final FileDescriptor SCHEMA = schema(FieldDescriptorProto.Type.TYPE_INT64);

  /** The same schema with Sample.timestamp declared a string: wrong wire type on the wire. */
  static final FileDescriptor WRONG_TYPES = schema(FieldDescriptorProto.Type.TYPE_STRING);

  private PromWrite() {}

  private static FileDescriptor schema(FieldDescriptorProto.Type timestampType) {
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("remote.proto")
            .setPackage("prometheus")
            .setSyntax("proto3")
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("Label")
                    .addField(scalar("name", 1, FieldDescriptorProto.Type.TYPE_STRING))
                    .addField(scalar("value", 2, FieldDescriptorProto.Type.TYPE_STRING)))
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("Sample")
                    .addField(scalar("value", 1, FieldDescriptorProto.Type.TYPE_DOUBLE))
                    .addField(scalar("timestamp", 2, timestampType)))
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("TimeSeries")
                    .addField(repeated("labels", 1, ".prometheus.Label"))
                    .addField(repeated("samples", 2, ".prometheus.Sample")))
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("WriteRequest")
                    .addField(repeated("timeseries", 1, ".prometheus.TimeSeries")))
            .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]);
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FieldDescriptorProto scalar(
      String name, int number, FieldDescriptorProto.Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
        .build();
  }

  private static FieldDescriptorProto repeated(String name, int number, String typeName) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
        .setTypeName(typeName)
        .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
        .build();
  }

  /** A request under construction. */
  public static Request request() {
    return new Request(SCHEMA);
  }

  static Request request(FileDescriptor schema) {
    return new Request(schema);
  }

  public static final class Request {
    private final FileDescriptor schema;
    private final DynamicMessage.Builder request;

    private Request(FileDescriptor schema) {
      this.schema = schema;
      this.request = DynamicMessage.newBuilder(type("WriteRequest"));
    }

    private Descriptor type(String name) {
      return schema.findMessageTypeByName(name);
    }

    /** One series: labels (including {@code __name__}) and (timestamp, value) pairs. */
    public Request series(Map<String, String> labels, Object... timestampsAndValues) {
      Descriptor ts = type("TimeSeries");
      DynamicMessage.Builder series = DynamicMessage.newBuilder(ts);
      labels.forEach(
          (name, value) -> {
            Descriptor label = type("Label");
            series.addRepeatedField(
                ts.findFieldByName("labels"),
                DynamicMessage.newBuilder(label)
                    .setField(label.findFieldByName("name"), name)
                    .setField(label.findFieldByName("value"), value)
                    .build());
          });
      Descriptor sample = type("Sample");
      for (int i = 0; i < timestampsAndValues.length; i += 2) {
        series.addRepeatedField(
            ts.findFieldByName("samples"),
            DynamicMessage.newBuilder(sample)
                .setField(sample.findFieldByName("timestamp"), timestampsAndValues[i])
                .setField(sample.findFieldByName("value"), timestampsAndValues[i + 1])
                .build());
      }
      request.addRepeatedField(type("WriteRequest").findFieldByName("timeseries"), series.build());
      return this;
    }

    byte[] proto() {
      return request.build().toByteArray();
    }

    public byte[] snappy() {
      return PromWrite.snappy(proto());
    }
  }

  static byte[] snappy(byte[] raw) {
    SnappyCompressor c = new SnappyCompressor();
    byte[] out = new byte[c.maxCompressedLength(raw.length)];
    int n = c.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }
}
