"""Which entry of the list of uploaded files belongs to which file: by its whole name, exactly."""

from __future__ import annotations

from playwright.sync_api import Page

from autoreport.sites.pages import EvidenceUploader

# The list as the site shows it while one photo has landed and another, whose name the first one's
# contains, is still on its way.
UPLOADS_UNDER_WAY = """
<ul aria-label="Uploaded evidence">
  <li><figure><img alt="Thumbnail of 01-parcel.jpg" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <figcaption>01-parcel.jpg</figcaption></figure><button>Remove</button></li>
  <li><span>parcel.jpg</span><progress max="100" value="40" aria-label="Uploading parcel.jpg"></progress></li>
</ul>
"""


def test_a_file_is_not_confirmed_by_the_thumbnail_of_a_longer_name(page: Page):
    page.set_content(UPLOADS_UNDER_WAY)
    uploader = EvidenceUploader(page, timeout_s=5)
    assert uploader.item("parcel.jpg").count() == 1
    assert uploader.landed("parcel.jpg").count() == 0
    assert uploader.landed("01-parcel.jpg").count() == 1
    assert uploader.item("PARCEL.JPG").count() == 0
