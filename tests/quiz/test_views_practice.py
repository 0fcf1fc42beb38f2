import re

from studyapp.quiz.models import Attempt


def start(client, topics=("queues",), count="11"):
    return client.post("/quiz/practice/start/", {"topic": list(topics), "count": count})


def shown_question(response) -> str:
    return re.search(r'name="question" value="([^"]+)"', response.content.decode()).group(1)


def test_quiz_index_offers_topics_and_exams(bank, client):
    page = client.get("/quiz/").content.decode()
    assert 'value="queues"' in page and 'value="extra"' in page
    assert "SAA-C03: AWS Certified Solutions Architect – Associate" in page


def test_practice_start_redirects_to_the_first_question(bank, learner_client, account):
    response = start(learner_client)
    attempt = Attempt.objects.get(learner=account)
    assert (response.status_code, response["Location"]) == (
        302,
        f"/quiz/practice/{attempt.pk}/q/1/",
    )


def test_practice_start_with_no_topic_says_so_and_creates_nothing(bank, learner_client):
    response = start(learner_client, topics=[])
    assert response.status_code == 400
    assert "Choose at least one topic to practise." in response.content.decode()
    assert Attempt.objects.count() == 0


def test_practice_start_with_a_non_number_says_so(bank, learner_client):
    response = start(learner_client, count="ten")
    assert (
        "The number of questions must be a whole number, not &#x27;ten&#x27;."
        in response.content.decode()
    )
    assert Attempt.objects.count() == 0


def test_practice_question_then_feedback_with_every_explanation(bank, learner_client, account):
    start(learner_client)
    attempt = Attempt.objects.get(learner=account)
    page = learner_client.get(f"/quiz/practice/{attempt.pk}/q/1/")
    item_id = shown_question(page)
    answer = attempt.answers.get(position=1)
    right = answer.item.data["answer"]
    response = learner_client.post(
        f"/quiz/practice/{attempt.pk}/answer/", {"question": item_id, "option": right}
    )
    assert response["Location"] == f"/quiz/practice/{attempt.pk}/q/1/"
    feedback = learner_client.get(response["Location"]).content.decode()
    assert "Right</h2>" in feedback
    assert feedback.count('class="explanation ') == len(answer.item.data["options"])
    assert f"/quiz/report/?item={item_id}&amp;part=explanation" in feedback


def test_practice_answer_by_htmx_returns_the_feedback_panel(bank, learner_client, account):
    start(learner_client)
    attempt = Attempt.objects.get(learner=account)
    answer = attempt.answers.get(position=1)
    wrong = [
        o["id"] for o in answer.item.data["options"] if o["id"] not in answer.item.data["answer"]
    ]
    response = learner_client.post(
        f"/quiz/practice/{attempt.pk}/answer/",
        {"question": answer.item_id, "option": wrong[: answer.item.data["choose"]]},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert (response.status_code, "<html" in body, "Not quite</h2>" in body) == (200, False, True)


def test_practice_forged_option_is_refused_with_the_question_shown_again(
    bank, learner_client, account
):
    start(learner_client)
    attempt = Attempt.objects.get(learner=account)
    answer = attempt.answers.get(position=1)
    response = learner_client.post(
        f"/quiz/practice/{attempt.pk}/answer/", {"question": answer.item_id, "option": "x"}
    )
    assert response.status_code == 400
    assert (
        "Option &#x27;x&#x27; is not one of this question&#x27;s options"
        in response.content.decode()
    )
    answer.refresh_from_db()
    assert answer.chosen == []


def test_practice_answer_for_a_question_not_in_the_attempt_is_refused(
    bank, learner_client, account
):
    start(learner_client, topics=["extra"], count="2")
    attempt = Attempt.objects.get(learner=account)
    response = learner_client.post(
        f"/quiz/practice/{attempt.pk}/answer/", {"question": "t-q-1", "option": "a"}
    )
    assert response.status_code == 400
    assert "Question &#x27;t-q-1&#x27; is not part of this attempt" in response.content.decode()


def test_practice_resubmitted_answer_is_refused_and_the_first_kept(bank, learner_client, account):
    start(learner_client)
    attempt = Attempt.objects.get(learner=account)
    answer = attempt.answers.get(position=1)
    url = f"/quiz/practice/{attempt.pk}/answer/"
    learner_client.post(url, {"question": answer.item_id, "option": answer.item.data["answer"]})
    again = learner_client.post(url, {"question": answer.item_id, "option": "d"})
    assert again.status_code == 409
    assert "is already answered; an answer cannot change" in again.content.decode()
    answer.refresh_from_db()
    assert (answer.chosen, answer.correct) == (answer.item.data["answer"], True)


def test_practice_attempt_of_another_learner_is_refused(bank, learner_client, other, client):
    from studyapp.quiz import practice
    from tests.quiz.test_practice import start as start_for

    theirs = start_for(other, topics=["extra"], count=2)
    response = learner_client.get(f"/quiz/practice/{theirs.pk}/q/1/")
    assert response.status_code == 403
    assert "belongs to another learner" in response.content.decode()
    post = learner_client.post(
        f"/quiz/practice/{theirs.pk}/answer/",
        {"question": theirs.answers.first().item_id, "option": "a"},
    )
    assert post.status_code == 403
    assert practice.next_unanswered(theirs).position == 1


def test_practice_resume_goes_to_the_summary_when_all_are_answered(bank, learner_client, account):
    start(learner_client, topics=["extra"], count="1")
    attempt = Attempt.objects.get(learner=account)
    answer = attempt.answers.get()
    learner_client.post(
        f"/quiz/practice/{attempt.pk}/answer/", {"question": answer.item_id, "option": "b"}
    )
    response = learner_client.get(f"/quiz/practice/{attempt.pk}/")
    assert response["Location"] == f"/quiz/practice/{attempt.pk}/summary/"
    summary = learner_client.get(response["Location"]).content.decode()
    assert "<strong>0 of 1</strong>" in summary
    assert "/topics/queues/#t-visibility" in summary
