"""The AMI connection: panoramisk, with the small fixes this product needs."""

from pbx.ami.link import AmiLink, LoginFailed
from pbx.ami.protocol import AmiProtocol

__all__ = ["AmiLink", "AmiProtocol", "LoginFailed"]
