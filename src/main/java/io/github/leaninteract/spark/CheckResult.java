package io.github.leaninteract.spark;

import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.Message;
import io.github.leaninteract.protocol.Severity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The outcome of checking one Lean text: one row of {@link LeanChecks#check}'s result and one line of
 * {@link CheckJob}'s output.
 *
 * <p>{@code valid} means the REPL answered with no error and no sorry. When the REPL could not answer (it
 * crashed, timed out, wrote something that is not an answer, or answered with an error instead of a
 * result), {@code failure} says why and {@code valid} is false; otherwise {@code failure} is null.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the input's id (null when the input row had none)
 * @param valid no error and no sorry, and no failure
 * @param errors the error messages
 * @param warnings the warning messages (Lean's {@code declaration uses 'sorry'} among them)
 * @param sorries how many {@code sorry}s the text has
 * @param failure null, or the library's error text when the REPL gave no result
 * @param millis how long the check took, waiting for a free REPL excluded
 */
public record CheckResult(String id, boolean valid, List<CheckMessage> errors, List<CheckMessage> warnings,
        int sorries, String failure, long millis) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The schema of a result row; field names and order as in {@link CheckJob}'s output. */
    public static final StructType SCHEMA = schema();

    /** Copies the lists; a failure cannot be valid. */
    public CheckResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        if (failure != null && valid) {
            throw new IllegalArgumentException("a check that failed is not valid: " + failure);
        }
    }

    /** The result of a REPL answer to the check of the text with this id. */
    public static CheckResult of(String id, LeanResponse response, long millis) {
        Objects.requireNonNull(response, "response");
        if (response instanceof CommandResponse answer) {
            List<CheckMessage> errors = new ArrayList<>();
            List<CheckMessage> warnings = new ArrayList<>();
            for (Message m : answer.messages()) {
                if (m.severity() == Severity.ERROR) {
                    errors.add(CheckMessage.of(m));
                } else if (m.severity() == Severity.WARNING) {
                    warnings.add(CheckMessage.of(m));
                }
            }
            return new CheckResult(id, answer.isValid(false), errors, warnings, answer.sorries().size(), null, millis);
        }
        if (response instanceof LeanError error) {
            return failed(id, "The REPL answered with an error instead of a result: " + error.message(), millis);
        }
        return failed(id, "The REPL answered a check with " + response.getClass().getSimpleName(), millis);
    }

    /** A result for a check that gave no answer, because of {@code failure}. */
    public static CheckResult failed(String id, String failure, long millis) {
        return new CheckResult(id, false, List.of(), List.of(), 0, Objects.requireNonNull(failure, "failure"), millis);
    }

    /** A result for a check that threw {@code e}: its type and message are the failure text. */
    public static CheckResult failed(String id, Throwable e, long millis) {
        return failed(id, e.getClass().getSimpleName() + ": " + e.getMessage(), millis);
    }

    /** A copy with another duration (to compare results regardless of timing). */
    public CheckResult withMillis(long millis) {
        return new CheckResult(id, valid, errors, warnings, sorries, failure, millis);
    }

    /** This result as a row of {@link #SCHEMA}. */
    public Row toRow() {
        return RowFactory.create(id, valid, rows(errors), rows(warnings), sorries, failure, millis);
    }

    /** Reads a row of {@link #SCHEMA} (as {@link LeanChecks#check} gives them). */
    public static CheckResult fromRow(Row row) {
        return new CheckResult(row.getString(0), row.getBoolean(1), messages(row.getList(2)),
                messages(row.getList(3)), row.getInt(4), row.getString(5), row.getLong(6));
    }

    private static scala.collection.immutable.Seq<Row> rows(List<CheckMessage> messages) {
        List<Row> rows = new ArrayList<>(messages.size());
        for (CheckMessage m : messages) {
            rows.add(RowFactory.create(m.line(), m.column(), m.message()));
        }
        // Spark's row encoder takes Scala sequences for arrays, not Java lists.
        return CollectionConverters.asScala(rows).toSeq();
    }

    private static List<CheckMessage> messages(List<Row> rows) {
        List<CheckMessage> messages = new ArrayList<>(rows.size());
        for (Row r : rows) {
            messages.add(new CheckMessage(r.getInt(0), r.getInt(1), r.getString(2)));
        }
        return messages;
    }

    private static StructType schema() {
        StructType message = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("line", DataTypes.IntegerType, false),
            DataTypes.createStructField("column", DataTypes.IntegerType, false),
            DataTypes.createStructField("message", DataTypes.StringType, false)});
        return DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, true),
            DataTypes.createStructField("valid", DataTypes.BooleanType, false),
            DataTypes.createStructField("errors", DataTypes.createArrayType(message, false), false),
            DataTypes.createStructField("warnings", DataTypes.createArrayType(message, false), false),
            DataTypes.createStructField("sorries", DataTypes.IntegerType, false),
            DataTypes.createStructField("failure", DataTypes.StringType, true),
            DataTypes.createStructField("millis", DataTypes.LongType, false)});
    }
}
