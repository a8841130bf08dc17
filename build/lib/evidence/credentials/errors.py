"""The errors of the Open Badges code: one base class, one subclass per kind of refusal."""


class CredentialError(Exception):
    """Base class: something about a credential, a key or a context was refused."""


class ContextNotVendoredError(CredentialError):
    """A JSON-LD document was asked for that is not vendored (nothing is ever fetched)."""


class UnsafeDocumentError(CredentialError):
    """The document uses a term, type or id that no context defines (JSON-LD "safe mode")."""


class InvalidKeyError(CredentialError):
    """A key or a multibase/multicodec key encoding could not be read."""


class StatusListError(CredentialError):
    """A Bitstring Status List could not be encoded, decoded or read at an index."""


class BakingError(CredentialError):
    """A credential could not be baked into, or extracted from, an image."""
