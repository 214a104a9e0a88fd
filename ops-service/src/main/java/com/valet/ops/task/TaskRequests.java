package com.valet.ops.task;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.valet.web.ProblemException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.io.IOException;
import java.util.UUID;
import java.util.stream.Collectors;

/** The bodies of the task changes. */
public final class TaskRequests {
    static final int MAX_NOTES = 2000;

    private TaskRequests() {
    }

    public record Assignment(@NotNull UUID driverId) {
    }

    /** {@code item_id} names the item concerned (a damaged one), if any; it must be one of the task's. */
    public record ProblemReport(@NotNull ProblemKind kind, @NotBlank @Size(max = MAX_NOTES) String notes,
                                UUID itemId) {
    }

    public record Cancellation(@NotBlank @Size(max = 500) String reason) {
    }

    public record HoldOverride(@NotBlank @Size(max = MAX_NOTES) String notes) {
    }

    /** The optional body of complete and resume. */
    public record Notes(String notes) {
    }

    /**
     * Reads an optional {@code {"notes": "..."}} body: none (or an empty one) is no notes. Read by hand because
     * the request may come without a body or a content type at all.
     */
    static String notes(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return null;
        }
        Notes parsed;
        try {
            parsed = mapper.readValue(body, Notes.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .filter(name -> name != null).collect(Collectors.joining("."));
            throw ProblemException.badRequest(field, field.equals("notes") ? "must be a string"
                    : "is not a known field (the body is {\"notes\": \"...\"})");
        } catch (IOException e) {
            throw ProblemException.badRequest("", "must be a JSON object {\"notes\": \"...\"}");
        }
        if (parsed == null) {
            return null;
        }
        if (parsed.notes() != null && parsed.notes().length() > MAX_NOTES) {
            throw ProblemException.badRequest("notes", "size must be between 0 and " + MAX_NOTES);
        }
        return parsed.notes();
    }
}
