package org.smartbox.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One list of a document as it is read: its records in document order and their ids, which must be
 * unique within the list. Also hands out the list's own copy of an id, so that 200,000 accesses
 * share their key and user id strings instead of holding one copy each.
 */
final class RecordList<T> {

    private final String path;
    private final String idField;
    private final Function<T, String> idOf;
    private final List<T> items = new ArrayList<>();
    private final Map<String, String> ids = new HashMap<>();
    private boolean present;

    private RecordList(String path, String idField, Function<T, String> idOf) {
        this.path = path;
        this.idField = idField;
        this.idOf = idOf;
    }

    /** A list of records whose id is their {@code id} field: {@code users}, {@code upsert.keys}. */
    static <T> RecordList<T> records(String path, Function<T, String> idOf) {
        return new RecordList<>(path, "id", idOf);
    }

    /** A list of bare ids: {@code delete.users}. */
    static RecordList<String> ids(String path) {
        return new RecordList<>(path, null, Function.identity());
    }

    String path() {
        return path;
    }

    String path(int index) {
        return path + "[" + index + "]";
    }

    /** Where the id of the element at {@code index} is: {@code users[1].id}, {@code delete.users[1]}. */
    String idPath(int index) {
        return idField == null ? path(index) : path(index) + "." + idField;
    }

    void markPresent() {
        present = true;
    }

    boolean present() {
        return present;
    }

    /** Adds the element found at {@code index} of the document's list. */
    void add(T item, int index) throws Invalid {
        String id = idOf.apply(item);
        if (ids.putIfAbsent(id, id) != null) {
            throw new Invalid(idPath(index),
                    "duplicate id " + Fields.quote(id) + " (also at " + path(indexOf(id)) + ")");
        }
        items.add(item);
    }

    boolean contains(String id) {
        return ids.containsKey(id);
    }

    /** This list's instance of an equal id, or {@code id} itself. */
    String canonical(String id) {
        return ids.getOrDefault(id, id);
    }

    List<T> items() {
        return items;
    }

    private int indexOf(String id) {
        for (int i = 0; i < items.size(); i++) {
            if (idOf.apply(items.get(i)).equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
