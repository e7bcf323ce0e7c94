package dev.latentq.loadtest.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Makes the hostile job records of a fault run: record {@code n} is the same for every run with the same kinds, its
 * kind rotating through the chosen {@link HostileKind}s (and each kind through its variants) so that any count covers
 * every kind about equally; the record-sized kinds ({@link HostileKind#MAX_SIZE_RECORD},
 * {@link HostileKind#MAX_SIZE_BINARY}), when chosen, take turns at every {@value #MAX_SIZE_EVERY}th record instead.
 * Keys vary too: the job id, none, a different id, and 10,000 characters; the key-level kinds
 * ({@link HostileKind#keyLevel()}) choose theirs.
 * Immutable and thread-safe.
 */
public final class HostileRecords {

  /** Header naming the record's index, which the dead-letter copy keeps and the audit matches on. */
  public static final String INDEX_HEADER = "latentq-fault-hostile";
  /** Header naming the record's {@link HostileKind}. */
  public static final String KIND_HEADER = "latentq-fault-kind";
  /** One record in this many is as large as the broker accepts; the first is record 137, the second 387. */
  public static final int MAX_SIZE_EVERY = 250;
  /** The model LocalCluster's workers serve. */
  static final String MODEL = "sim-sd15";
  /** The broker's default {@code message.max.bytes}, the largest record batch it accepts. */
  static final int BROKER_MAX_BATCH_BYTES = 1_048_588;
  /** Kafka's v2 record batch header (base offset to record count). */
  private static final int RECORD_BATCH_OVERHEAD = 61;

  private static final int MAX_SIZE_OFFSET = 137;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<HostileKind> MAX_SIZE = EnumSet.of(HostileKind.MAX_SIZE_RECORD,
      HostileKind.MAX_SIZE_BINARY);

  private final List<HostileKind> rotation;
  private final List<HostileKind> maxSize;

  /** Records of every kind. */
  public HostileRecords() {
    this(EnumSet.allOf(HostileKind.class));
  }

  /** Records of the given kinds only. */
  public HostileRecords(Set<HostileKind> kinds) {
    this.rotation = kinds.stream().filter(k -> !MAX_SIZE.contains(k)).sorted().toList();
    this.maxSize = kinds.stream().filter(MAX_SIZE::contains).sorted().toList();
    if (rotation.isEmpty()) {
      throw new IllegalArgumentException("choose at least one hostile kind besides " + MAX_SIZE);
    }
  }

  /** The job id of record {@code index} when its kind carries a readable one. */
  public static String jobId(int index) {
    return "hostile-" + index;
  }

  /** Record {@code index} (from 0). */
  public HostileRecord record(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("hostile record index must be >= 0, got " + index);
    }
    if (!maxSize.isEmpty() && index % MAX_SIZE_EVERY == MAX_SIZE_OFFSET) {
      HostileKind kind = maxSize.get(index / MAX_SIZE_EVERY % maxSize.size());
      return kind == HostileKind.MAX_SIZE_RECORD ? maxSizeJson(index) : maxSizeBinary(index);
    }
    HostileKind kind = rotation.get(index % rotation.size());
    int variant = index / rotation.size();
    String id = jobId(index);
    byte[] value = value(kind, variant, id);
    String key = switch (kind) {
      case KEY_MISMATCH -> pick(variant, "someone-else-" + index, id + "-other", id.toUpperCase(Locale.ROOT));
      case NULL_KEY -> null;
      default -> key(index, id);
    };
    return new HostileRecord(index, kind, key, value, kind.readableId() ? id : null);
  }

  private static String key(int index, String id) {
    return switch (index / 7 % 4) {
      case 0 -> id;
      case 1 -> null;
      case 2 -> "someone-else-" + index;
      default -> "k".repeat(10_000);
    };
  }

  private static byte[] value(HostileKind kind, int variant, String id) {
    return switch (kind) {
      case BROKEN_JSON -> utf8(pick(variant,
          "{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"unterminated",
          "{id:\"" + id + "\",model:\"" + MODEL + "\",prompt:\"x\"}",
          "{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"x\",}",
          "{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"x\"} {\"id\":\"" + id + "\"}",
          "{'id':'" + id + "','model':'" + MODEL + "','prompt':'x'}"));
      case NOT_AN_OBJECT -> switch (variant % 7) {
        case 0 -> utf8("[{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"x\"}]");
        case 1 -> utf8("\"a red fox\"");
        case 2 -> utf8("null");
        case 3 -> utf8("42");
        case 4 -> new byte[0];
        case 5 -> utf8("  \n\t ");
        default -> null;
      };
      case NOT_UTF8 -> variant % 2 == 0
          ? ("{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"x\"}").getBytes(StandardCharsets.UTF_16)
          : concat(utf8("{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\""),
              new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, utf8("\"}"));
      case DUPLICATE_FIELD -> utf8("{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"id\":\""
          + id + "-twin\"}");
      case DEEP_NESTING -> utf8("{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"metadata\":"
          + "{\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}}");
      case WRONG_TYPES -> json(job(id), job -> {
        switch (variant % 6) {
          case 0 -> job.put("prompt", 42);
          case 1 -> job.put("width", "512");
          case 2 -> job.put("steps", 20.5);
          case 3 -> job.putArray("metadata").add(1);
          case 4 -> job.putNull("negativePrompt");
          default -> job.put("stepz", 20);
        }
      });
      case NUMBER_OVERFLOW -> utf8(pick(variant,
          "{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"seed\":1e400}",
          "{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"width\":1e20}",
          "{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"steps\":99999999999999999999999}"));
      case HUGE_PROMPT -> json(job(id), job -> job.put(variant % 2 == 0 ? "prompt" : "negativePrompt",
          "a huge prompt ".repeat(7_200)));
      case HUGE_METADATA -> json(job(id), job -> job.putObject("metadata").put("blob", "m".repeat(20_000)));
      case SIZE_BEYOND_CONTRACT -> json(job(id), job -> {
        switch (variant % 4) {
          case 0 -> job.put("width", 8192).put("height", 512);
          case 1 -> job.put("width", 512).put("height", 513);
          case 2 -> job.put("width", 0).put("height", 512);
          default -> job.put("width", -512).put("height", -512);
        }
      });
      case SIZE_BEYOND_WORKER -> json(job(id), job -> {
        if (variant % 2 == 0) {
          job.put("width", 4096).put("height", 4096);
        } else {
          job.put("width", 2560).put("height", 512);
        }
      });
      case STEPS_BEYOND_CONTRACT -> json(job(id), job -> job.put("steps", pick(variant, 5000, 0, -20)));
      case STEPS_BEYOND_WORKER -> json(job(id), job -> job.put("steps", pick(variant, 151, 1000)));
      case IMAGES_BEYOND_WORKER -> json(job(id), job -> job.put("numImages", pick(variant, 9, 64)));
      case PATH_TRAVERSAL_PREFIX -> json(job(id), job -> job.putObject("output").put("bucket", "latentq-images")
          .put("keyPrefix", pick(variant, "../../etc/", "/etc/cron.d/", "images/../../secrets/", "..\\..\\x\\",
              "a/..", "..")));
      case HOSTILE_BUCKET -> json(job(id), job -> job.putObject("output")
          .put("bucket", pick(variant, "../latentq-images", "UPPER-CASE", "a", "bucket/../x", "-dash-")));
      case HOSTILE_ID -> json(job(id), job -> job.put("id", pick(variant, "../../etc/passwd", "id with spaces",
          "line\nbreak", "x".repeat(300), "", "id/../../x")));
      case HOSTILE_MODEL -> json(job(id), job -> job.put("model", pick(variant, "../../models/sd15", "m".repeat(200),
          "sim sd15", "")));
      // Jobs any worker would run; only their record key is wrong.
      case KEY_MISMATCH, NULL_KEY -> json(job(id), job -> job.put("steps", 10));
      case UNKNOWN_MODEL -> json(job(id), job -> job.put("model", pick(variant, "sd-unknown", "sim-sd15-x",
          "SIM-SD15")));
      case MAX_SIZE_RECORD, MAX_SIZE_BINARY -> throw new IllegalArgumentException("max-size records are sized, "
          + "not drawn");
    };
  }

  /** A prompt so long that the whole record batch is just under the broker's limit. */
  private static HostileRecord maxSizeJson(int index) {
    String id = jobId(index);
    String head = "{\"id\":\"" + id + "\",\"model\":\"" + MODEL + "\",\"prompt\":\"";
    return sized(index, HostileKind.MAX_SIZE_RECORD, id, id,
        length -> utf8(head + "p".repeat(length - head.length() - 2) + "\"}"));
  }

  /** Random bytes (after a 0xFF, which is never UTF-8) filling the batch to just under the broker's limit. */
  private static HostileRecord maxSizeBinary(int index) {
    Random random = new Random(index);
    return sized(index, HostileKind.MAX_SIZE_BINARY, jobId(index), null, length -> {
      byte[] value = new byte[length];
      random.nextBytes(value);
      value[0] = (byte) 0xFF;
      return value;
    });
  }

  /** A record whose value, made by {@code values} for a length, brings the batch to just under the limit. */
  private static HostileRecord sized(int index, HostileKind kind, String key, String jobId,
      IntFunction<byte[]> values) {
    HostileRecord sized = null;
    int length = BROKER_MAX_BATCH_BYTES;
    for (int round = 0; round < 4; round++) {
      sized = new HostileRecord(index, kind, key, values.apply(length), jobId);
      int size = batchBytes(utf8(key), sized.value(), sized.headers());
      // A few bytes of slack: the broker must accept the original.
      length -= size - (BROKER_MAX_BATCH_BYTES - 16);
    }
    return sized;
  }

  /**
   * The size of a one-record batch in Kafka's v2 format (uncompressed): the batch header, then the record's length,
   * attributes, timestamp and offset deltas (0), key, value and headers, with zigzag varint lengths.
   */
  static int batchBytes(byte[] key, byte[] value, List<Header> headers) {
    int body = 1 + varintBytes(0) + varintBytes(0) + varintBytes(key.length) + key.length
        + varintBytes(value.length) + value.length + varintBytes(headers.size());
    for (Header header : headers) {
      int name = utf8(header.key()).length;
      body += varintBytes(name) + name + varintBytes(header.value().length) + header.value().length;
    }
    return RECORD_BATCH_OVERHEAD + varintBytes(body) + body;
  }

  private static int varintBytes(int value) {
    int zigzag = (value << 1) ^ (value >> 31);
    int bytes = 1;
    while ((zigzag & 0xFFFFFF80) != 0) {
      zigzag >>>= 7;
      bytes++;
    }
    return bytes;
  }

  /** The headers every hostile record carries; the dead-letter copy keeps them. */
  static List<Header> headers(int index, HostileKind kind) {
    return List.of(new RecordHeader(INDEX_HEADER, utf8(Integer.toString(index))),
        new RecordHeader(KIND_HEADER, utf8(kind.name())));
  }

  private static ObjectNode job(String id) {
    return JSON.createObjectNode().put("id", id).put("model", MODEL).put("prompt", "a hostile record")
        .put("width", 512).put("height", 512).put("steps", 20);
  }

  private static byte[] json(ObjectNode job, Consumer<ObjectNode> change) {
    change.accept(job);
    try {
      return JSON.writeValueAsBytes(job);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  @SafeVarargs
  private static <T> T pick(int variant, T... choices) {
    return choices[variant % choices.length];
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
