"""Prose lms needs at runtime: the code of ethics that invitations show and attest."""

# ruff: noqa: E501  (long prose strings are clearer unwrapped in a content file)

CODE_OF_ETHICS: dict = {
    "version": "2026.1",
    "title": "School Improvement Specialist Code of Ethics",
    "text": "\n".join(
        [
            "1. Students first: I keep the learning and well-being of students at the centre of every improvement decision I facilitate.",
            "2. Honest evidence: I report data, results and my own contribution accurately, and I do not claim results I cannot support with evidence.",
            "3. Confidentiality: I protect student, staff and school information and share it only as authorised and as the law requires.",
            "4. Respect: I treat every educator, student, family and community member with dignity, and I respect the culture and the authority of the organisations I serve.",
            "5. Equity: I examine data for patterns of inequity, raise them openly, and avoid practices that disadvantage any group of students.",
            "6. Competence: I work within the limits of my expertise, seek help or refer when a need is beyond it, and keep developing my practice.",
            "7. Conflicts of interest: I disclose any interest, financial or otherwise, in the products, services or decisions I recommend.",
            "8. Capacity, not dependence: I build the capacity of the schools I serve to improve on their own rather than fostering reliance on me.",
            "9. Accountability: I keep clear records of my work, honour my commitments, and accept responsibility for the quality of my facilitation.",
            "10. The profession: I share what I learn, support colleagues, and uphold this code with clients, peers and reviewers.",
        ]
    ),
}
