"""Transcription for the local Whisper engine: the model, and the OpenAI API's side of it
(request parameters, response shapes, errors). faster-whisper is imported only when a model is
loaded, so the rest can be used and tested without it.
"""

import json
import threading

SAMPLE_RATE = 16000
RESPONSE_FORMATS = ("json", "text", "verbose_json", "srt", "vtt")
MODEL_NAME = "tiny.en"
# OpenAI semantics: temperature 0 means "raise the temperature on failure" (Whisper's fallback).
FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
# verbose_json names the language as OpenAI does; the bundled model is English-only.
LANGUAGE_NAMES = {"en": "english"}


class ApiError(Exception):
    """An error answered in OpenAI's shape: {"error": {"message", "type", "param", "code"}}."""

    def __init__(self, status, message, param=None, code=None, kind="invalid_request_error",
                 headers=None):
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code
        self.kind, self.headers = kind, headers or {}

    def body(self):
        return {"error": {"message": self.message, "type": self.kind,
                          "param": self.param, "code": self.code}}


class Engine:
    """The one Whisper model; one transcription runs at a time (CTranslate2 uses all threads)."""

    def __init__(self, model_dir, threads):
        from faster_whisper import WhisperModel

        self.model = WhisperModel(model_dir, device="cpu", compute_type="int8",
                                  cpu_threads=threads, local_files_only=True)
        self.languages = set(self.model.supported_languages)
        self.lock = threading.Lock()

    def warm_up(self):
        """Run one second of silence through the model so the first request is not slower."""
        import numpy as np

        segments, _ = self.model.transcribe(np.zeros(SAMPLE_RATE, dtype=np.float32), language="en")
        list(segments)

    def transcribe(self, path, language, prompt, temperature, words, cancelled):
        """Decode the audio file at `path` and transcribe it: (duration_s, language, segments).

        Decoding happens under the lock too, so at most one decoded clip is in memory.
        `cancelled()` is checked once the lock is held: a client that left is not served.
        """
        from faster_whisper import decode_audio

        with self.lock:
            if cancelled():
                raise ConnectionAbortedError("client went away while queued")
            try:
                audio = decode_audio(path, sampling_rate=SAMPLE_RATE)
            except Exception as error:  # PyAV raises several types for undecodable input
                reason = getattr(error, "strerror", None) or type(error).__name__
                raise ApiError(400, f"Audio file could not be decoded ({reason}); it might be "
                               "corrupted or unsupported.", "file", "invalid_value") from None
            duration = len(audio) / SAMPLE_RATE
            if duration < 0.1:
                raise ApiError(400, "Audio file is too short. Minimum audio length is 0.1 "
                               "seconds.", "file", "audio_too_short")
            temperatures = FALLBACK_TEMPERATURES if temperature == 0 else temperature
            segments, info = self.model.transcribe(
                audio, language=language, initial_prompt=prompt or None,
                temperature=temperatures, word_timestamps=words)
            return duration, info.language, list(segments)


# -- request parameters and responses ----------------------------------------------------------

def form_value(fields, name):
    """The first value of a text field, stripped, or None."""
    values = fields.get(name)
    return values[0].strip() if values else None


def parse_parameters(fields, engine):
    """Validate the text fields of a transcription request; raises ApiError naming the field."""
    response_format = form_value(fields, "response_format") or "json"
    if response_format not in RESPONSE_FORMATS:
        raise ApiError(400, f"Invalid response_format '{response_format}'; expected one of "
                       + ", ".join(RESPONSE_FORMATS), "response_format", "invalid_value")
    language = form_value(fields, "language") or None
    if language == "auto":  # some clients say "auto" for "detect"
        language = None
    if language is not None and language.lower() not in engine.languages:
        raise ApiError(400, f"Unsupported language '{language}': the local engine's model "
                       f"({MODEL_NAME}) transcribes {', '.join(sorted(engine.languages))} only",
                       "language", "unsupported_language")
    raw = form_value(fields, "temperature") or "0"
    try:
        temperature = float(raw)
    except ValueError:
        temperature = -1.0
    if not 0.0 <= temperature <= 1.0:
        raise ApiError(400, f"Invalid temperature '{raw}'; expected a number from 0 to 1",
                       "temperature", "invalid_value")
    granularities = fields.get("timestamp_granularities[]", []) + fields.get(
        "timestamp_granularities", [])
    words = response_format == "verbose_json" and "word" in [g.strip() for g in granularities]
    return {"response_format": response_format, "language": language and language.lower(),
            "prompt": form_value(fields, "prompt"), "temperature": temperature, "words": words}


def timestamp(seconds, separator):
    """HH:MM:SS,mmm (SRT) or HH:MM:SS.mmm (WebVTT)."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def render(response_format, duration, language, segments):
    """(content type, body bytes) of a transcription in OpenAI's shape for the format.

    Times are clamped to the audio's duration: Whisper's last timestamp may overshoot it."""
    def seconds(at):
        return round(min(at, duration), 3)

    text = "".join(segment.text for segment in segments).strip()
    if response_format == "json":
        return json_body({"text": text})
    if response_format == "text":
        return "text/plain; charset=utf-8", (text + "\n").encode()
    if response_format in ("srt", "vtt"):
        separator = "," if response_format == "srt" else "."
        cues = [f"{timestamp(seconds(s.start), separator)} --> "
                f"{timestamp(seconds(s.end), separator)}\n"
                f"{s.text.strip()}\n" for s in segments]
        if response_format == "srt":
            body = "\n".join(f"{n}\n{cue}" for n, cue in enumerate(cues, 1))
        else:
            body = "WEBVTT\n\n" + "\n".join(cues)
        return "text/plain; charset=utf-8", body.encode()
    verbose = {
        "task": "transcribe",
        "language": LANGUAGE_NAMES.get(language, language),
        "duration": round(duration, 3),
        "text": text,
        "segments": [{
            "id": index, "seek": s.seek, "start": seconds(s.start), "end": seconds(s.end),
            "text": s.text, "tokens": s.tokens, "temperature": s.temperature,
            "avg_logprob": s.avg_logprob, "compression_ratio": s.compression_ratio,
            "no_speech_prob": s.no_speech_prob,
        } for index, s in enumerate(segments)],
    }
    if any(s.words for s in segments):
        verbose["words"] = [{"word": w.word.strip(), "start": seconds(w.start),
                             "end": seconds(w.end)} for s in segments for w in s.words or []]
    return json_body(verbose)


def json_body(value):
    return "application/json", json.dumps(value, ensure_ascii=False).encode()
