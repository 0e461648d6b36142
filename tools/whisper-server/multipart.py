"""Streaming multipart/form-data parser (RFC 7578, RFC 2046) with bounded memory.

The body is pushed in with `feed()` in chunks of any size. The one file field is written
straight to a caller-supplied binary file; every other field is kept in memory up to a
small cap. Memory use is therefore constant whatever the upload size. Standard library only.
"""

from email.message import Message

MAX_FIELD_BYTES = 64 * 1024  # a text field (prompt, model, ...) larger than this is refused
MAX_HEADER_BYTES = 8 * 1024  # the headers of one part
MAX_PARTS = 64


class MultipartError(ValueError):
    """A malformed or over-limit body; `param` names the field at fault when known."""

    def __init__(self, message, param=None):
        super().__init__(message)
        self.param = param


def boundary_of(content_type):
    """The boundary of a `multipart/form-data` Content-Type header value, as bytes."""
    header = Message()
    header["Content-Type"] = content_type or ""
    if header.get_content_type() != "multipart/form-data":
        raise MultipartError("Content-Type must be multipart/form-data")
    boundary = header.get_param("boundary")
    # RFC 2046: 1 to 70 characters; get_param returns a tuple for RFC 2231 encodings.
    if not isinstance(boundary, str) or not 1 <= len(boundary) <= 70 or not boundary.isascii():
        raise MultipartError("multipart/form-data Content-Type lacks a valid boundary")
    return boundary.encode("ascii")


class FormParser:
    """Push parser for one multipart/form-data body.

    After `close()`, `fields` maps each text field name to its values (in order) and
    `file_name`/`file_size` describe the file field (`file_size` is None when absent).
    """

    def __init__(self, boundary, file_field, file_sink):
        # Every delimiter, the first included, is CRLF "--" boundary: a CRLF is fed first.
        self._delimiter = b"\r\n--" + boundary
        self._buffer = bytearray(b"\r\n")
        self._state = self._preamble
        self._file_field = file_field
        self._file_sink = file_sink
        self._part_name = None  # the field being read
        self._part_value = None  # its bytes, or None when it goes to the file sink
        self._parts = 0
        self.fields = {}
        self.file_name = None
        self.file_size = None

    def feed(self, data):
        """Consume the next chunk of the body."""
        self._buffer += data
        # Each state handler returns False when it needs more input.
        while self._state(self._buffer):
            pass

    def close(self):
        """Finish the body; raises MultipartError unless the closing delimiter was seen."""
        if self._state != self._done:
            raise MultipartError("multipart body is truncated (no closing boundary)")

    # -- states ---------------------------------------------------------------------

    def _preamble(self, buf):
        """Skip everything before the first delimiter."""
        at = buf.find(self._delimiter)
        if at < 0:
            del buf[: max(0, len(buf) - len(self._delimiter) + 1)]
            return False
        del buf[: at + len(self._delimiter)]
        self._state = self._after_delimiter
        return True

    def _after_delimiter(self, buf):
        """After a delimiter: "--" closes the body, else optional padding then CRLF."""
        if len(buf) < 2:
            return False
        if buf.startswith(b"--"):
            self._state = self._done
            return True
        end = buf.find(b"\r\n")
        if end < 0:
            if len(buf) > 256:
                raise MultipartError("malformed multipart delimiter line")
            return False
        if buf[:end].strip(b" \t"):
            raise MultipartError("malformed multipart delimiter line")
        del buf[: end + 2]
        self._state = self._headers
        return True

    def _headers(self, buf):
        """Read one part's headers (up to the empty line) and open the part."""
        if buf.startswith(b"\r\n"):
            end, skip = 0, 2  # a part without headers
        else:
            end, skip = buf.find(b"\r\n\r\n"), 4
        if end < 0:
            if len(buf) > MAX_HEADER_BYTES:
                raise MultipartError("multipart part headers are too large")
            return False
        self._open_part(bytes(buf[:end]).decode("utf-8", "replace"))
        del buf[: end + skip]
        self._state = self._body
        return True

    def _body(self, buf):
        """Pass part content on until the next delimiter."""
        at = buf.find(self._delimiter)
        if at < 0:
            # Keep a tail that could be the start of a delimiter split across chunks.
            keep = len(self._delimiter) - 1
            if len(buf) > keep:
                self._write(buf[: len(buf) - keep])
                del buf[: len(buf) - keep]
            return False
        self._write(buf[:at])
        del buf[: at + len(self._delimiter)]
        self._close_part()
        self._state = self._after_delimiter
        return True

    def _done(self, buf):
        """Ignore the epilogue."""
        buf.clear()
        return False

    # -- parts ----------------------------------------------------------------------

    def _open_part(self, header_text):
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise MultipartError("too many multipart parts")
        header = Message()
        for line in header_text.split("\r\n"):
            name, colon, value = line.partition(":")
            if not colon or not name.strip():
                raise MultipartError("malformed multipart part header")
            if name.strip().lower() == "content-disposition":
                header["Content-Disposition"] = value.strip()
        name = header.get_param("name", header="content-disposition")
        if header.get_content_disposition() != "form-data" or not isinstance(name, str):
            raise MultipartError("multipart part lacks Content-Disposition: form-data; name=…")
        self._part_name = name
        if name == self._file_field:
            if self.file_size is not None:
                raise MultipartError(f"more than one '{name}' part", param=name)
            self.file_name = header.get_filename()
            self.file_size = 0
            self._part_value = None
        else:
            self._part_value = bytearray()

    def _write(self, data):
        if not data:
            return
        if self._part_value is None:
            self._file_sink.write(data)
            self.file_size += len(data)
        elif len(self._part_value) + len(data) > MAX_FIELD_BYTES:
            raise MultipartError(f"field '{self._part_name}' is too large", param=self._part_name)
        else:
            self._part_value += data

    def _close_part(self):
        if self._part_value is not None:
            try:
                value = self._part_value.decode("utf-8")
            except UnicodeDecodeError:
                raise MultipartError(
                    f"field '{self._part_name}' is not UTF-8", param=self._part_name
                ) from None
            self.fields.setdefault(self._part_name, []).append(value)
        self._part_name = self._part_value = None
