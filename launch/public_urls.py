"""The public credential URLs: verification pages, their JSON-LD, badge images, status lists
and the issuer's DID document (``.well-known/did.json``).

The host's choice where they go. Issued credentials name these URLs, and a ``did:web``
issuer's document must sit at the root of the site's host, so a host normally mounts them at
the root, beside its own pages::

    path("", include("launch.public_urls"))
"""

from django.urls import include, path

urlpatterns = [path("", include("evidence.public_urls"))]
