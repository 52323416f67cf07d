"""Source-line hashing and code lookup: the freshness checks behind a verdict.

Everything here works on raw bytes, the way the whitelist contract defines
``source_sha256``: lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``, a UTF-8
BOM belongs to line 1, and the last line may lack a terminator.
"""

import hashlib
import types


def line_span(data, line, end_line):
    """Return the bytes of lines ``line``..``end_line`` (1-based, inclusive,
    terminators included), or None when the range is empty or outside the
    data.  ``bytes.splitlines`` splits on exactly ``\\n``, ``\\r\\n`` and
    ``\\r``, which is the contract (unlike ``str.splitlines``)."""
    if line < 1 or end_line < line:
        return None
    lines = data.splitlines(keepends=True)
    if end_line > len(lines):
        return None
    return b"".join(lines[line - 1:end_line])


def source_sha256(data, line, end_line):
    """Lowercase hex SHA-256 of lines ``line``..``end_line`` of ``data``
    (bytes), or None when the lines do not exist."""
    span = line_span(data, line, end_line)
    if span is None:
        return None
    return hashlib.sha256(span).hexdigest()


def file_source_sha256(path, line, end_line):
    """Like :func:`source_sha256` for a file read in binary.  Raises OSError
    when the file cannot be read."""
    with open(path, "rb") as f:
        return source_sha256(f.read(), line, end_line)


def compile_module(data, filename):
    """Compile module source ``data`` (bytes) the way an import does, without
    inheriting this module's future flags.  Returns the module code object, or
    raises SyntaxError / ValueError and the like."""
    return compile(data, filename, "exec", dont_inherit=True)


def find_code(module_code, qualname, name, firstlineno):
    """Every code object nested in ``module_code`` that defines a function
    called ``qualname`` (``name`` before Python 3.11, whose code objects have
    no ``co_qualname``) starting on line ``firstlineno``.  Iterative, so deep
    nesting cannot exhaust the stack."""
    found = []
    stack = [module_code]
    while stack:
        code = stack.pop()
        for const in code.co_consts:
            if not isinstance(const, types.CodeType):
                continue
            stack.append(const)
            if const.co_firstlineno != firstlineno:
                continue
            const_qualname = getattr(const, "co_qualname", None)
            if const_qualname is not None:
                if const_qualname == qualname:
                    found.append(const)
            elif const.co_name == name:
                found.append(const)
    return found
