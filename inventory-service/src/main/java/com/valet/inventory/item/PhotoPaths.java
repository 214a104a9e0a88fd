package com.valet.inventory.item;

import com.valet.web.FieldError;
import com.valet.web.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Photos (of an item, of a claim) are objects in the item-photos bucket; a customer may only reference
 * their own folder, {@code <user_id>/...}, so that nobody can point at another customer's pictures.
 */
public final class PhotoPaths {
    private PhotoPaths() {
    }

    /** @throws ProblemException 400 naming each {@code photo_paths[i]} outside the owner's folder */
    public static void requireOwn(UUID owner, List<String> paths) {
        List<FieldError> errors = foreign(owner, "", paths);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The request is invalid.", errors);
        }
    }

    /** The paths outside the owner's folder, as field errors named {@code <fieldPrefix>photo_paths[i]}. */
    public static List<FieldError> foreign(UUID owner, String fieldPrefix, List<String> paths) {
        List<FieldError> errors = new ArrayList<>();
        String folder = owner + "/";
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            if (!path.startsWith(folder) || path.length() == folder.length() || path.contains("..")
                    || path.contains("//") || path.contains("\\")) {
                errors.add(new FieldError(fieldPrefix + "photo_paths[" + i + "]",
                        "must be an object in your own folder of the item-photos bucket (" + folder + "...)"));
            }
        }
        return errors;
    }
}
