package dev.tunnelkeeper.scripting;

import jakarta.json.JsonValue;
import java.util.Optional;

/** Judges one hook's answer: the typed answer, empty for "no opinion", or {@link InvalidAnswer}. */
@FunctionalInterface
interface AnswerReader<T> {
    Optional<T> read(JsonValue answer) throws InvalidAnswer;
}
