from django.utils.functional import SimpleLazyObject

from studyapp.learners.identity import learner_for


class LearnerMiddleware:
    """request.learner: the learner of this browser, created on first use only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.learner = SimpleLazyObject(lambda: learner_for(request, create=True))
        request.existing_learner = lambda: learner_for(request, create=False)
        return self.get_response(request)
